// Scenario 5 — docker-bake fromGraph: three apps on a base-image project (FROM, COPY
// --from); one docker-bake target builds them all, the base once, then the apps on it.
import { runImage } from '../../packages/buildx/src/testing/container';
import { addProject, BUSYBOX, LOCAL_REGISTRY, nxOk, readJson, unique } from './workspace';

jest.setTimeout(600_000);

it('builds three apps and the base image they use, the base once and first', async () => {
  const id = unique('bk');
  const registry = `${LOCAL_REGISTRY}/e2e`;
  const build = (extra: Record<string, unknown> = {}) => ({
    'docker-build': {
      executor: '@nx-buildx/docker:docker-build',
      options: { registry, cacheStrategy: 'none', ...extra },
    },
  });
  await addProject(`libs/${id}-base`, build(), {
    Dockerfile: `FROM ${BUSYBOX}\nRUN echo "base ${id}" > /base.txt\n`,
  });
  for (const app of ['a', 'b', 'c']) {
    const from = app === 'c' ? BUSYBOX : `${registry}/${id}-base:latest`;
    const copy = app === 'c' ? `COPY --from=${registry}/${id}-base /base.txt /base.txt\n` : '';
    await addProject(`apps/${id}-${app}`, build(), {
      Dockerfile: `FROM ${from}\n${copy}RUN echo "app ${app}" >> /base.txt\nCMD ["cat", "/base.txt"]\n`,
    });
  }
  await addProject(`tools/${id}-bake`, {
    bake: {
      executor: '@nx-buildx/docker:docker-bake',
      options: {
        fromGraph: true,
        projects: [`${id}-a`, `${id}-b`, `${id}-c`],
        bakeFile: `dist/docker/${id}-bake.json`,
      },
    },
  });

  const run = await nxOk(['run', `${id}-bake:bake`]);

  // BuildKit may print a shared vertex under each target that uses it; its number is one.
  const baseVertices = new Set(
    run.output.split('\n').flatMap((l) => /#(\d+) \[[^\]]*\] RUN echo "base /.exec(l)?.[1] ?? []),
  );
  expect(baseVertices.size).toBe(1);
  // The base first; the apps in a second run that reads it from the engine, as their
  // single builds do (a target: context would rebuild their steps into other images).
  const definition = (file: string) =>
    readJson<{ target: Record<string, { contexts?: Record<string, string> }> }>(file);
  const first = await definition(`dist/docker/${id}-bake.1.json`);
  const second = await definition(`dist/docker/${id}-bake.2.json`);
  expect(Object.keys(first.target)).toEqual([`${id}-base`]);
  expect(Object.keys(second.target).sort()).toEqual([`${id}-a`, `${id}-b`, `${id}-c`]);
  for (const t of Object.values(second.target)) expect(t.contexts).toBeUndefined();
  for (const app of ['a', 'b', 'c']) {
    expect((await runImage(`${registry}/${id}-${app}:latest`)).trim()).toBe(
      `base ${id}\napp ${app}`,
    );
  }
  expect(run.output).toMatch(/bake: 4 targets in 2 runs/);
});

it('runs a bake file (HCL) with targets and --set, and print is a dry run', async () => {
  const id = unique('hcl');
  await addProject(
    `tools/${id}`,
    {
      print: {
        executor: '@nx-buildx/docker:docker-bake',
        options: { files: [`tools/${id}/docker-bake.hcl`], targets: ['app'], print: true },
      },
      bake: {
        executor: '@nx-buildx/docker:docker-bake',
        options: {
          files: [`tools/${id}/docker-bake.hcl`],
          targets: ['app'],
          load: true,
          set: [`app.args.GREETING=hello-${id}`],
          metadataFile: `dist/docker/${id}-meta.json`,
        },
      },
    },
    {
      'docker-bake.hcl': [
        'target "app" {',
        `  context    = "tools/${id}"`,
        '  dockerfile = "app.Dockerfile"',
        `  tags       = ["e2e/${id}:1"]`,
        '  args       = { GREETING = "unset" }',
        '}',
        '',
      ].join('\n'),
      'app.Dockerfile': `FROM ${BUSYBOX}\nARG GREETING\nRUN echo "$GREETING" > /greeting\nCMD ["cat", "/greeting"]\n`,
    },
  );

  const printed = await nxOk(['run', `${id}:print`]);
  expect(printed.output).toContain(`"e2e/${id}:1"`);
  expect(printed.output).not.toMatch(/#\d+ \[app/); // nothing built

  const baked = await nxOk(['run', `${id}:bake`]);
  expect(baked.output).toMatch(new RegExp(`app: docker.io/e2e/${id}:1 sha256:`));
  expect((await runImage(`e2e/${id}:1`)).trim()).toBe(`hello-${id}`);
  expect(Object.keys(await readJson(`dist/docker/${id}-meta.json`))).toContain('app');
});
