import type { ExecutorContext } from '@nx/devkit';
import { parseOptions } from '@nx-buildx/buildx';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planBuild } from '../image/build-plan';
import { dockerBuildSchema } from '../image/options';
import { checkBeforeBuild, PRE_BUILD_CHECKS } from './pre-build-checks';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nx-buildx-checks-'));
  await mkdir(join(root, 'apps/web'), { recursive: true });
  // COPY of the web build's output, which was not built.
  await writeFile(join(root, 'apps/web/Dockerfile'), 'FROM busybox\nCOPY dist/apps/web /web\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const context = (dockerBuild: Record<string, unknown>) =>
  ({
    root,
    projectName: 'web',
    targetName: 'docker-build',
    projectsConfigurations: {
      version: 2,
      projects: {
        web: {
          root: 'apps/web',
          targets: {
            build: { outputs: ['{workspaceRoot}/dist/apps/web'] },
            'docker-build': dockerBuild,
          },
        },
      },
    },
  }) as unknown as ExecutorContext;

function build(raw: Record<string, unknown>, dockerBuild: Record<string, unknown> = {}) {
  const project = { name: 'web', root: 'apps/web', workspaceRoot: root };
  const plan = planBuild(parseOptions(dockerBuildSchema, raw), project, {}, {}, new Date());
  const warnings: string[] = [];
  return {
    warnings,
    check: {
      plan,
      project,
      context: context(dockerBuild),
      rawOptions: raw,
      warn: (m: string) => warnings.push(m),
    },
  };
}

describe('checkBeforeBuild', () => {
  it('declares its checks in the order they run', () => {
    expect(PRE_BUILD_CHECKS).toEqual([
      'stateInput',
      'copiedOutputs',
      'report',
      'contextPaths',
      'numbers',
    ]);
  });

  it('refuses a cached target without the image-state input before anything else', async () => {
    const { check } = build({}, { cache: true, inputs: ['default'] });
    await expect(checkBeforeBuild(check)).rejects.toThrow(
      /lacks the plugin's image check|inputs lack/,
    );
  });

  it('refuses a missing build output, naming the build; a path that cannot check it skips it with its reason', async () => {
    const { check } = build({});
    await expect(checkBeforeBuild(check)).rejects.toThrow(
      'dist/apps/web not found: it is the output of `nx build web`',
    );
    await expect(
      checkBeforeBuild(check, { copiedOutputs: 'the test says so' }),
    ).resolves.toBeUndefined();
  });

  it('warns about a context outside the workspace and a bad stall limit is refused, on every path', async () => {
    const outside = build({ context: '..' });
    await checkBeforeBuild(outside.check, { copiedOutputs: 'not this test' });
    expect(outside.warnings.join('\n')).toMatch(/context "\.\." is .*, outside the workspace/);

    const stall = build({});
    await expect(
      checkBeforeBuild(
        { ...stall.check, stallTimeout: 'soon' },
        { copiedOutputs: 'not this test' },
      ),
    ).rejects.toThrow(/stallTimeout/);
  });
});
