// Benchmark: how big does a `type=local` build cache get over many rebuilds?
// Baseline (measured in the same run): the hand-rolled recipe that reads and writes one
// directory in place (`--cache-from type=local,src=D --cache-to type=local,dest=D`).
// Ours: cacheStrategy "local", which exports to D.next and swaps it in after success.
// Run: node -r @swc-node/register tools/bench/local-cache-growth.ts [builds]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, directorySize, runBuild } from '../../packages/buildx/src';

const builds = Number(process.argv[2] ?? 10);
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'nx-buildx-bench-'));
  try {
    await writeFile(
      join(dir, 'Dockerfile'),
      'FROM 127.0.0.1:5000/busybox:latest\nCOPY payload.bin /payload.bin\nRUN cat /payload.bin /payload.bin > /double.bin\n',
    );
    // The caches live in the context folder: keep them out of it (the guard refuses otherwise).
    await writeFile(join(dir, '.dockerignore'), 'cache-*\n');
    const inPlace = join(dir, 'cache-in-place');
    const swapped = join(dir, 'cache-swapped');
    const sizes = { baseline: [] as number[], ours: [] as number[] };
    for (let i = 0; i < builds; i++) {
      await writeFile(join(dir, 'payload.bin'), randomBytes(512 * 1024)); // incompressible, like real code
      await runBuild({
        context: dir,
        outputs: ['type=cacheonly'],
        cacheFrom: i === 0 ? [] : [`type=local,src=${inPlace}`],
        cacheTo: [`type=local,dest=${inPlace},mode=max`],
      });
      sizes.baseline.push(await directorySize(inPlace));
      await buildImage({
        build: { context: dir, outputs: ['type=cacheonly'] },
        cache: { strategy: 'local', scope: 'bench', push: false, localDir: swapped },
      });
      sizes.ours.push(await directorySize(swapped));
      process.stdout.write(
        `build ${i + 1}/${builds}: baseline ${mib(sizes.baseline[i] as number)}, ours ${mib(sizes.ours[i] as number)}\n`,
      );
    }
    const last = (a: number[]) => a[a.length - 1] as number;
    console.log(`\nafter ${builds} builds with a changing 512 KiB source:`);
    console.log(
      `  baseline (in place): ${mib(last(sizes.baseline))} = ${(last(sizes.baseline) / (sizes.baseline[0] as number)).toFixed(2)}x its first size`,
    );
    console.log(
      `  ours (swap):         ${mib(last(sizes.ours))} = ${(last(sizes.ours) / (sizes.ours[0] as number)).toFixed(2)}x its first size`,
    );
    console.log(`  ratio ours/baseline: ${(last(sizes.ours) / last(sizes.baseline)).toFixed(2)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
