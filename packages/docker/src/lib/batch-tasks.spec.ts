import { batchTargetNames, failedDependency, taskResult } from './batch-tasks';

const task = (project: string, target = 'docker-build') => ({
  id: `${project}:${target}`,
  project,
  target,
});

describe('batchTargetNames', () => {
  it('names a task by its project, and by project and target when a project has several', () => {
    expect(
      batchTargetNames([
        task('@acme/web'),
        task('api'),
        task('api', 'docker-build-worker'),
        task('base'),
      ]),
    ).toEqual({
      '@acme/web:docker-build': 'acme-web',
      'api:docker-build': 'api-docker-build',
      'api:docker-build-worker': 'api-docker-build-worker',
      'base:docker-build': 'base',
    });
  });

  it('keeps two projects apart whose names become the same bake name', () => {
    expect(Object.values(batchTargetNames([task('a.b'), task('a-b')]))).toEqual(['a-b', 'a-b-2']);
  });
});

describe('failedDependency', () => {
  const deps = { app: ['mid'], mid: ['base'], other: [] };
  it.each([
    ['app', new Set(['base']), 'base'],
    ['app', new Set(['mid']), 'mid'],
    ['other', new Set(['base']), undefined],
    ['app', new Set<string>(), undefined],
  ])('%s with %p failed → %p', (id, failed, expected) => {
    expect(failedDependency(id, deps, failed)).toBe(expected);
  });
});

describe('taskResult', () => {
  it('sets status and success together and ends the output with a newline', () => {
    expect(taskResult('skipped', ['a', 'b'], 1, 2)).toEqual({
      success: false,
      status: 'skipped',
      terminalOutput: 'a\nb\n',
      startTime: 1,
      endTime: 2,
    });
    expect(taskResult('success', [], 1, 2)).toMatchObject({ success: true, terminalOutput: '' });
  });
});
