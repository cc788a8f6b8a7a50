import type { ExecutorContext } from '@nx/devkit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordRunOptions } from './record-run-options';
import { KEPT, recordedRunOptions } from './run-options';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nx-buildx-run-options-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const contextWith = (target: Record<string, unknown>) =>
  ({
    root,
    projectsConfigurations: {
      version: 2,
      projects: { api: { root: 'apps/api', targets: { 'docker-build': target } } },
    },
  }) as unknown as ExecutorContext;
const task = { project: 'api', target: 'docker-build' };
const graphTarget = {
  cache: true,
  options: { file: 'apps/api/Dockerfile', tags: ['latest'] },
  configurations: { prod: { tags: ['prod'] } },
};
const warn = jest.fn();

describe('recordRunOptions', () => {
  it("records a cached run's command-line options, once; not the graph's, with or without defaults", () => {
    const context = contextWith(graphTarget);
    recordRunOptions(context, task, graphTarget.options, warn);
    // As Nx hands them over: schema defaults filled in, another key order.
    recordRunOptions(
      context,
      task,
      { tags: ['latest'], file: 'apps/api/Dockerfile', context: '.', cacheStrategy: 'auto' },
      warn,
    );
    recordRunOptions(
      context,
      { ...task, configuration: 'prod' },
      { ...graphTarget.options, tags: ['prod'] },
      warn,
    );
    expect(recordedRunOptions(root, 'apps/api', 'docker-build')).toEqual([]);

    const cli = { ...graphTarget.options, tags: ['x'] };
    recordRunOptions(context, task, cli, warn);
    recordRunOptions(context, task, { tags: ['x'], file: 'apps/api/Dockerfile' }, warn);
    expect(recordedRunOptions(root, 'apps/api', 'docker-build')).toEqual([cli]);
    expect(recordedRunOptions(root, 'apps/api', 'docker-fresh')).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('keeps the newest runs only, and records nothing for a target Nx does not cache or options it refuses', () => {
    const context = contextWith(graphTarget);
    for (let i = 0; i < KEPT + 2; i++)
      recordRunOptions(context, task, { ...graphTarget.options, tags: [`t${i}`] }, warn);
    const runs = recordedRunOptions(root, 'apps/api', 'docker-build');
    expect(runs.map((r) => r.tags)).toEqual(Array.from({ length: KEPT }, (_, i) => [`t${i + 2}`]));

    const uncached = contextWith({ ...graphTarget, cache: false });
    recordRunOptions(uncached, { project: 'api', target: 'docker-build' }, { tags: ['y'] }, warn);
    recordRunOptions(context, task, { ...graphTarget.options, cacheStrategy: 'nope' }, warn);
    expect(recordedRunOptions(root, 'apps/api', 'docker-build')).toEqual(runs);
  });
});
