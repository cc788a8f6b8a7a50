import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildFailedError } from '@nx-buildx/buildx';
import { withoutStaleReport } from './no-stale-report';

describe('withoutStaleReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nx-buildx-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = join(dir, 'metadata.json');

  it('removes the older report and rethrows when the build fails', async () => {
    writeFileSync(report, '{"old": true}\n');
    const boom = new Error('push failed');
    await expect(withoutStaleReport(report, () => Promise.reject(boom))).rejects.toBe(boom);
    expect(existsSync(report)).toBe(false);
  });

  it.each(['[2/2] RUN exit 7', '[app stage-1 1/2] COPY dist /app'])(
    'keeps it when the build failed at a Dockerfile step (%s): nothing was exported',
    async (step) => {
      writeFileSync(report, '{"old": true}\n');
      const failed = new BuildFailedError(
        'docker buildx build',
        1,
        [],
        'docker buildx build .',
        step,
      );
      await expect(withoutStaleReport(report, () => Promise.reject(failed))).rejects.toBe(failed);
      expect(existsSync(report)).toBe(true);
    },
  );

  it('removes it when the build failed at the export (the tags may have moved)', async () => {
    writeFileSync(report, '{"old": true}\n');
    const failed = new BuildFailedError(
      'docker buildx build',
      1,
      [],
      'docker',
      '[internal] exporting to image',
    );
    await expect(withoutStaleReport(report, () => Promise.reject(failed))).rejects.toBe(failed);
    expect(existsSync(report)).toBe(false);
  });

  it('leaves the report alone when the build succeeds', async () => {
    writeFileSync(report, '{"old": true}\n');
    await expect(withoutStaleReport(report, async () => 7)).resolves.toBe(7);
    expect(existsSync(report)).toBe(true);
  });
});
