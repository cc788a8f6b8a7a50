// Scenario 4 — docker-prune: a dry run reports and removes nothing; `all` reclaims and
// `docker buildx du` agrees.
import { diskUsage } from '@nx-buildx/buildx';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLocalCacheDir } from '../../packages/docker/src/image/cache-location';
import { addProject, BUSYBOX, nxOk, unique, workspace } from './workspace';

jest.setTimeout(600_000);

it('dry run changes nothing; all reclaims what du reported and du agrees afterwards', async () => {
  const name = unique('prune');
  await addProject(
    `apps/${name}`,
    {
      'docker-build': {
        executor: '@nx-buildx/docker:docker-build',
        options: { cacheStrategy: 'local', noCache: true },
      },
      'prune-dry': {
        executor: '@nx-buildx/docker:docker-prune',
        options: { all: true, dryRun: true, localCaches: [name] },
      },
      prune: {
        executor: '@nx-buildx/docker:docker-prune',
        options: { all: true, localCaches: [name] },
      },
    },
    { Dockerfile: `FROM ${BUSYBOX}\nRUN head -c 4000000 /dev/urandom > /noise\n` },
  );
  await nxOk(['run', `${name}:docker-build`]);
  const cacheDir = defaultLocalCacheDir(workspace(), name, process.env);
  expect(existsSync(join(cacheDir, 'index.json'))).toBe(true);

  const before = await diskUsage();
  const dry = await nxOk(['run', `${name}:prune-dry`]);
  expect(dry.output).toMatch(/dry run: nothing pruned/);
  expect(dry.output).toContain(`would remove local cache ${cacheDir}`);
  const afterDry = await diskUsage();
  expect(afterDry.records.map((r) => r.id).sort()).toEqual(before.records.map((r) => r.id).sort());
  expect(existsSync(cacheDir)).toBe(true);

  const pruned = await nxOk(['run', `${name}:prune`]);
  const after = await diskUsage();
  const reclaimed = /pruned: ([\d.]+ (?:B|KiB|MiB|GiB)) of build cache reclaimed/.exec(
    pruned.output,
  )?.[1];
  expect(reclaimed).toBeDefined();
  expect(after.totalBytes).toBeLessThan(before.totalBytes);
  expect(after.reclaimableBytes).toBe(0);
  expect(existsSync(cacheDir)).toBe(false);
  expect(pruned.output).toMatch(/removed local cache .* \(\d/);
});
