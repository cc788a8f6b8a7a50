import type { ExecutorContext } from '@nx/devkit';
import { runtimeStateInput } from './runtime-input';
import { checkStateInput } from './state-input-check';

const contextWith = (target: Record<string, unknown>) =>
  ({
    root: '/ws',
    projectName: 'api',
    targetName: 'docker-build',
    projectsConfigurations: {
      version: 2,
      projects: { api: { root: 'apps/api', targets: { 'docker-build': target } } },
    },
  }) as unknown as ExecutorContext;

describe('checkStateInput', () => {
  it('passes a target Nx does not cache, and a cached one whose inputs keep the runtime input', () => {
    expect(() => checkStateInput(contextWith({ inputs: ['default'] }))).not.toThrow();
    const own = runtimeStateInput('/ws', 'apps/api', 'docker-build');
    expect(() =>
      checkStateInput(contextWith({ cache: true, inputs: ['default', own] })),
    ).not.toThrow();
  });

  it("refuses another project's or target's runtime input (copied into targetDefaults, say)", () => {
    for (const other of [
      runtimeStateInput('/ws', 'apps/web', 'docker-build'),
      runtimeStateInput('/ws', 'apps/api', 'docker-fresh'),
    ])
      expect(() =>
        checkStateInput(contextWith({ cache: true, inputs: ['default', other] })),
      ).toThrow(/one naming another project or target does not count/);
  });

  it('refuses inputs written by hand without it, naming the input to add', () => {
    expect(() =>
      checkStateInput(contextWith({ cache: true, inputs: ['default', { env: 'CI' }] })),
    ).toThrow(
      /^api:docker-build has cache: true, but its inputs lack the plugin's image check[\s\S]*Fix: add \{"runtime":"node .*runtime-state\.js apps\/api docker-build \|\| echo .*"\} to its inputs \(one naming another project or target does not count\), or remove "inputs"/,
    );
  });

  it("refuses a target with no inputs (not inferred), giving Nx's defaults with the input", () => {
    expect(() => checkStateInput(contextWith({ cache: true }))).toThrow(
      /Fix: register the graph plugin \(nx g @nx-buildx\/docker:init\), .* or give the target "inputs": \["default", "\^default", \{"runtime":"node .*runtime-state\.js apps\/api docker-build \|\| echo .*"\}\]; or set "cache": false\.$/,
    );
  });

  it('checks the task a batch names, not the batch context', () => {
    const context = {
      ...contextWith({ cache: true }),
      projectName: undefined,
      targetName: undefined,
    };
    expect(() => checkStateInput(context as ExecutorContext)).not.toThrow();
    expect(() =>
      checkStateInput(context as ExecutorContext, { project: 'api', target: 'docker-build' }),
    ).toThrow(/^api:docker-build has cache: true/);
  });
});
