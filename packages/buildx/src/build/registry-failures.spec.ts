import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessRunner, RunOptions } from '../process/runner';
import { runTracked } from './tracked-run';

// Captured from buildx 0.29.1 / Engine 28.5.2 (`--progress rawjson`): a push to a loopback
// server answering 500 to everything (on 127.0.0.1:37015), a push to a port nothing
// listens on (127.0.0.1:46565), and `--cache-to type=registry,ref=<that>/x:buildcache`.
const fixture = (name: string) =>
  readFileSync(join(__dirname, `../__fixtures__/buildx-0.29/registry-${name}.rawjson.txt`), 'utf8');

const replay = (stderr: string): ProcessRunner => ({
  async run(file, args, o: RunOptions = {}) {
    for (const line of stderr.split('\n')) o.onLine?.(line, 'stderr');
    return { command: [file, ...args].join(' '), exitCode: 1, stdout: '', stderr, durationMs: 1 };
  },
});

async function fail(name: string, extra: string[] = []) {
  const shown: string[] = [];
  const err = (await runTracked(
    'docker buildx build',
    { command: 'docker', args: ['buildx', 'build', ...extra, '.'] },
    { runner: replay(fixture(name)), onLine: (l) => shown.push(l) },
  ).catch((e: unknown) => e)) as Error & { code: string };
  return { err, shown };
}

describe('registry failures, from captured buildx 0.29 output', () => {
  it('a registry answering 500: one retry line, a count, and an error naming the registry and the 500', async () => {
    const { err, shown } = await fail('push500', ['--push', '-t', '127.0.0.1:37015/app:latest']);
    expect(err.code).toBe('REGISTRY_SERVER_ERROR');
    expect(err.message).toMatch(
      /^The registry 127\.0\.0\.1:37015 answered 500 Internal Server Error \(a server error\) while pushing 127\.0\.0\.1:37015\/app:latest/,
    );
    expect(err.message).toMatch(/registry option \/ tags/);
    expect(shown.filter((l) => /retrying in/.test(l))).toHaveLength(1);
    expect(shown.filter((l) => /^#\d+ [\d.]+ error: unexpected status/.test(l))).toHaveLength(1);
    expect(shown.at(-1)).toMatch(/^\[nx-buildx\] \d+ more retry line\(s\)/);
    // Real progress still streams.
    expect(shown.some((l) => /RUN echo hi/.test(l))).toBe(true);
  });

  it('a registry nobody listens on: "could not be reached (connection refused)" and the registry option', async () => {
    const { err } = await fail('refused', ['--push', '-t', '127.0.0.1:46565/app:latest']);
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(
      /^The registry at 127\.0\.0\.1:46565 could not be reached \(connection refused\) while pushing 127\.0\.0\.1:46565\/app:latest/,
    );
    expect(err.message).toMatch(/Check the registry option and the tags/);
  });

  it.each([
    ['cache500', '127.0.0.1:37015', /it answered 500 Internal Server Error/],
    ['cacherefused', '127.0.0.1:46565', /connection refused/],
  ])(
    'a failed registry cache export (%s) names the cache ref and cacheStrategy',
    async (name, reg, why) => {
      const ref = `${reg}/x:buildcache`;
      const { err } = await fail(name, ['--cache-to', `type=registry,ref=${ref},mode=max`]);
      expect(err.code).toBe('CACHE_REGISTRY_FAILED');
      expect(err.message).toMatch(
        new RegExp(`^The cache export to ${ref.replace(/\./g, '\\.')} failed`),
      );
      expect(err.message).toMatch(why);
      expect(err.message).toMatch(/cacheRegistryRef.*cacheStrategy/);
      expect(err.message).not.toMatch(/importing cache manifest/);
    },
  );

  it('cacheStrategy registry against a 500 registry: blamed on the export to the ref, not "importing cache manifest"', async () => {
    // Both flags, as the registry strategy passes them: the import's failure comes first.
    const ref = '127.0.0.1:37015/x:buildcache';
    const { err } = await fail('cachefromto500', [
      '--cache-from',
      `type=registry,ref=${ref}`,
      '--cache-to',
      `type=registry,ref=${ref},mode=max`,
    ]);
    expect(err.code).toBe('CACHE_REGISTRY_FAILED');
    expect(err.message).toMatch(/^The cache export to 127\.0\.0\.1:37015\/x:buildcache failed/);
    expect(err.message).not.toMatch(/importing cache manifest/);
  });

  it('BuildKit\'s transient "parent snapshot … does not exist" says a plain retry works', async () => {
    // Synthesised in buildx's words (seen under bake --parallel=6; not reproducible on demand).
    const line =
      'ERROR: failed to build: failed to solve: failed to prepare sha256:1b2c: parent snapshot sha256:9f8e7d does not exist: not found';
    const err = (await runTracked(
      'docker buildx bake',
      { command: 'docker', args: ['buildx', 'bake'] },
      { runner: replay(line) },
    ).catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('ENGINE_TRANSIENT');
    expect(err.message).toMatch(/^docker buildx bake hit a transient BuildKit error/);
    expect(err.message).toMatch(
      /run the same command again \(it was not retried automatically: it pushes or bakes\)/,
    );
  });
});
