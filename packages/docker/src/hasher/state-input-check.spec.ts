import type { ExecutorContext } from '@nx/devkit';
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
    const runtime =
      'node node_modules/@nx-buildx/docker/dist/hasher/runtime-state.js apps/api docker-build';
    expect(() =>
      checkStateInput(contextWith({ cache: true, inputs: ['default', { runtime }] })),
    ).not.toThrow();
  });

  it('refuses inputs written by hand without it, naming the input to add', () => {
    expect(() =>
      checkStateInput(contextWith({ cache: true, inputs: ['default', { env: 'CI' }] })),
    ).toThrow(
      /^api:docker-build has cache: true, but its inputs lack the plugin's image check[\s\S]*Fix: add \{"runtime":"node .*runtime-state\.js apps\/api docker-build"\} to its inputs, or remove "inputs"/,
    );
  });

  it("refuses a target with no inputs (not inferred), giving Nx's defaults with the input", () => {
    expect(() => checkStateInput(contextWith({ cache: true }))).toThrow(
      /Fix: register the graph plugin \(nx g @nx-buildx\/docker:init\), .* or give the target "inputs": \["default", "\^default", \{"runtime":"node .*runtime-state\.js apps\/api docker-build"\}\]; or set "cache": false\.$/,
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
