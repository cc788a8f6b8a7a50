// Hostile registries (issue 18): `nx run <proj>:docker-build --push` with the registry
// option pointing at a loopback server that answers 500 to everything, or at a port
// nobody listens on. Each fails non-zero with ONE message naming the registry; the tags the
// failed build made are put back, so the report of the last good build still tells the truth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeImages } from '../../packages/buildx/src/testing/container';
import {
  freeLoopbackPort,
  startErrorRegistry,
  type ErrorRegistry,
} from '../../packages/buildx/src/testing/error-registry';
import { imageIdOf, leftoverBuilds } from './hostile';
import { addProject, BUSYBOX, nx, nxOk, unique } from './workspace';
import { workspace } from './workspace';

jest.setTimeout(300_000);

const count = (text: string, re: RegExp) =>
  (text.match(new RegExp(re.source, `${re.flags.replace('g', '')}g`)) ?? []).length;

let server: ErrorRegistry;
const images: string[] = [];
beforeAll(async () => {
  server = await startErrorRegistry(500);
});
afterAll(async () => {
  await server.close();
  await removeImages(images);
});

const cases: Array<[string, () => Promise<{ registry: string; message: RegExp }>]> = [
  [
    'a registry answering 500',
    async () => ({
      registry: server.address,
      message: new RegExp(
        `The registry ${server.address.replace(/\./g, '\\.')} answered 500 Internal Server Error \\(a server error\\)`,
      ),
    }),
  ],
  [
    'a registry nobody listens on',
    async () => {
      const registry = `127.0.0.1:${await freeLoopbackPort()}`;
      return {
        registry,
        message: new RegExp(
          `The registry at ${registry.replace(/\./g, '\\.')} could not be reached \\(connection refused\\)`,
        ),
      };
    },
  ],
];

describe('docker-build --push to a broken registry', () => {
  test.each(cases)('%s: non-zero, one message, no report claiming the push', async (_, make) => {
    const { registry, message } = await make();
    const name = unique('hreg');
    const root = `apps/${name}`;
    await addProject(
      root,
      {
        'docker-build': {
          executor: '@nx-buildx/docker:docker-build',
          options: { cacheStrategy: 'none', imageName: `hostile-reg/${name}` },
        },
      },
      { Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} > /m\n` },
    );
    images.push(`hostile-reg/${name}:latest`, `${registry}/hostile-reg/${name}:latest`);
    const report = join(workspace(), 'dist/docker', root, 'metadata.json');
    // A successful local build first: after the failed push, its tags and report are as
    // they were (the push's registry-prefixed tag is not left behind), so they agree.
    await nxOk(['run', `${name}:docker-build`]);
    const reportBefore = readFileSync(report, 'utf8');
    const idBefore = await imageIdOf(`hostile-reg/${name}:latest`);

    const started = Date.now();
    const result = await nx(['run', `${name}:docker-build`, '--push', `--registry=${registry}`]);
    expect(result.exitCode).not.toBe(0);
    expect(count(result.output, message)).toBe(1);
    expect(result.output).toMatch(/registry option/);
    expect(result.output).not.toMatch(/Fix that step/);
    expect(result.output.match(/retrying in/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(readFileSync(report, 'utf8')).toBe(reportBefore);
    expect(await imageIdOf(`hostile-reg/${name}:latest`)).toBe(idBefore);
    expect(await imageIdOf(`${registry}/hostile-reg/${name}:latest`)).toBe('');
    expect(result.output).toMatch(/was put back as before this build/);
    expect(await leftoverBuilds(name)).toEqual([]);
  });
});
