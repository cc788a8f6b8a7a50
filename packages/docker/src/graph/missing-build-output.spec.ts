import type { ExecutorContext } from '@nx/devkit';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkCopiedOutputs } from './missing-build-output';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nx-buildx-missing-'));
  const files: Record<string, string> = {
    'apps/cart/Dockerfile':
      'FROM busybox\nCOPY dist/apps/cart /app\nCOPY apps/cart/nginx.conf /etc/\n',
    'apps/cart/nginx.conf': '',
    'apps/api/Dockerfile': 'FROM busybox\nCOPY out/api /app\nCOPY not-built-by-anyone /x\n',
    'apps/ok/Dockerfile': 'FROM busybox\nCOPY dist/apps/ok /app\n',
    'dist/apps/ok/main.js': '',
  };
  for (const [p, c] of Object.entries(files)) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), c);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const context = (): ExecutorContext =>
  ({
    root,
    cwd: root,
    isVerbose: false,
    projectsConfigurations: {
      version: 2,
      projects: {
        cart: {
          root: 'apps/cart',
          targets: {
            build: { executor: 'x:y' },
            'docker-build': { executor: 'x:y', dependsOn: ['build'] },
            'docker-object': { executor: 'x:y', dependsOn: [{ target: 'build' }] },
          },
        },
        api: {
          root: 'apps/api',
          targets: { compile: { executor: 'x:y', outputs: ['{workspaceRoot}/out/api'] } },
        },
        ok: { root: 'apps/ok', targets: { build: { executor: 'x:y' } } },
      },
    },
  }) as unknown as ExecutorContext;

describe('checkCopiedOutputs', () => {
  it('names the build that writes a missing COPY source (dist/ convention)', () => {
    expect(() =>
      checkCopiedOutputs({ file: 'apps/cart/Dockerfile', context: '.' }, context()),
    ).toThrow(
      'dist/apps/cart not found: it is the output of `nx build cart` — run it first or add dependsOn',
    );
  });

  it('names the target whose declared outputs hold it, and leaves other missing files to BuildKit', () => {
    let message = '';
    try {
      checkCopiedOutputs({ file: 'apps/api/Dockerfile', context: '.' }, context());
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'out/api not found: it is the output of `nx compile api` — run it first or add dependsOn',
    );
  });

  it.each(['docker-build', 'docker-object'])(
    'says the build is a dependency already, and what to check, when %s depends on it',
    (target) => {
      expect(() =>
        checkCopiedOutputs({ file: 'apps/cart/Dockerfile', context: '.' }, context(), {
          project: 'cart',
          target,
        }),
      ).toThrow(
        'dist/apps/cart not found, though `nx build cart` runs before this target (its dependsOn has it): that build does not write dist/apps/cart. Check its output path against the COPY source of the Dockerfile — or it was left out (--exclude-task-dependencies).',
      );
    },
  );

  it('passes when the output is there', () => {
    expect(() =>
      checkCopiedOutputs({ file: 'apps/ok/Dockerfile', context: '.' }, context()),
    ).not.toThrow();
  });
});
