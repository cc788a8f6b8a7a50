// Options written as @nx-tools/nx-container or docker/build-push-action write them reach
// the executor through Nx's own schema.json check, and the user sees our one message with
// the exact spelling here, not Nx's "does not match the schema".
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addProject, BUSYBOX, nx, unique, workspace } from './workspace';

jest.setTimeout(300_000);

const cases: Array<{
  title: string;
  options?: Record<string, unknown>;
  args?: string[];
  message: string;
  not?: string;
}> = [
  {
    title: '`build-args` in project.json',
    options: { 'build-args': ['NODE_ENV=production'] },
    message:
      'unknown option "build-args"; `build-args` is `buildArgs` here: an object {"NODE_ENV": "production"}',
  },
  {
    title: 'tags as one comma-separated string',
    options: { tags: 'alias-a,alias-b' },
    message: 'tags: `tags` is a list here: ["alias-a", "alias-b"]',
  },
  {
    title: 'buildArgs as a KEY=value list',
    options: { buildArgs: ['A=1', 'B=two'] },
    message: 'buildArgs: `buildArgs` is an object here: {"A": "1", "B": "two"}',
  },
  {
    title: "build-push-action's inline secret, whose value is never printed",
    options: { secrets: ['GIT_AUTH_TOKEN=ghp_e2eInlineValue'] },
    message:
      'secrets.0: a secret\'s value is never written in the options (build-push-action\'s "GIT_AUTH_TOKEN=…" form)',
    not: 'ghp_e2eInlineValue',
  },
  {
    title: '--build-args=A=1 on the command line',
    args: ['--build-args=A=1'],
    message: 'buildArgs: `buildArgs` is an object here: {"A": "1"}',
  },
];

describe('options spelled as other tools spell them', () => {
  test.each(cases)('$title', async (c) => {
    const name = unique('alias');
    const root = `apps/${name}`;
    await addProject(
      root,
      {
        'docker-build': {
          executor: '@nx-buildx/docker:docker-build',
          options: { cacheStrategy: 'none', ...c.options },
        },
      },
      { Dockerfile: `FROM ${BUSYBOX}\n` },
    );
    const result = await nx(['run', `${name}:docker-build`, ...(c.args ?? [])]);

    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain(c.message);
    expect(result.output.split(c.message)).toHaveLength(2); // said once
    expect(result.output).not.toMatch(/does not match the schema|is not found in schema/);
    if (c.not) expect(result.output).not.toContain(c.not);
    expect(existsSync(join(workspace(), 'dist/docker', root, 'metadata.json'))).toBe(false);
  });
});

describe('list values with commas on the command line', () => {
  it.each([['--outputs=type=local,dest=OUT'], ['--outputs=["type=local,dest=OUT"]']])(
    '%s exports to OUT (the comma Nx split at is put back)',
    async (arg) => {
      const name = unique('csv');
      const root = `apps/${name}`;
      await addProject(
        root,
        {
          'docker-build': {
            executor: '@nx-buildx/docker:docker-build',
            options: { cacheStrategy: 'none' },
          },
        },
        { Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} > /marker\n` },
      );
      const out = `dist/${name}-out`;
      const result = await nx(['run', `${name}:docker-build`, arg.replace('OUT', out)]);
      expect(result.output).not.toMatch(/dest is required/);
      expect(result.exitCode).toBe(0);
      expect(existsSync(join(workspace(), out, 'marker'))).toBe(true);
    },
  );
});
