// Registries that fail, on the real engine: a loopback server answering 500 to
// everything and a loopback port nobody listens on. Each run fails quickly with the one
// error that names the registry, and the retry chatter is collapsed.
import { rm } from 'node:fs/promises';
import { removeImages } from '../testing/container';
import {
  startErrorRegistry,
  freeLoopbackPort,
  type ErrorRegistry,
} from '../testing/error-registry';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { runBuild } from './run';

jest.setTimeout(180_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;

describe('a registry that fails', () => {
  let server: ErrorRegistry;
  let context: string;
  const refs: string[] = [];
  beforeAll(async () => {
    server = await startErrorRegistry(500);
    context = await testdir({
      Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${uniqueName('regfault')} > /m\n`,
    });
  });
  afterAll(async () => {
    await server.close();
    await removeImages(refs);
    await rm(context, { recursive: true, force: true });
  });

  const build = async (input: Record<string, unknown>) => {
    const lines: string[] = [];
    const err = (await runBuild({ context, ...input }, { onLine: (l) => lines.push(l) }).catch(
      (e: unknown) => e,
    )) as Error & { code?: string };
    return { err, lines };
  };

  it('a push to a registry answering 500: REGISTRY_SERVER_ERROR naming it, one retry line and a count', async () => {
    const ref = `${server.address}/app:${uniqueName('t')}`;
    refs.push(ref);
    const { err, lines } = await build({ tags: [ref], push: true });
    expect(err.code).toBe('REGISTRY_SERVER_ERROR');
    expect(err.message).toContain(`The registry ${server.address} answered 500`);
    expect(server.requests()).toBeGreaterThan(0);
    expect(lines.filter((l) => /retrying in/.test(l)).length).toBeLessThanOrEqual(1);
    expect(lines.some((l) => /^\[nx-buildx\] \d+ more retry line/.test(l))).toBe(true);
    expect(lines.some((l) => /RUN echo/.test(l))).toBe(true);
  });

  it('a push to a port nobody listens on: REGISTRY_UNREACHABLE, connection refused, the registry option', async () => {
    const address = `127.0.0.1:${await freeLoopbackPort()}`;
    const ref = `${address}/app:latest`;
    refs.push(ref);
    const { err } = await build({ tags: [ref], push: true });
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toContain(
      `The registry at ${address} could not be reached (connection refused)`,
    );
    expect(err.message).toMatch(/registry option and the tags/);
  });

  it('a registry cache export to the 500 server: CACHE_REGISTRY_FAILED naming the ref', async () => {
    const cacheRef = `${server.address}/x:buildcache`;
    const tag = `${uniqueName('regfault-cache')}:1`;
    refs.push(tag);
    const { err } = await build({
      tags: [tag],
      // Both, as cacheStrategy registry passes them: the import fails first, harmlessly.
      cacheFrom: [`type=registry,ref=${cacheRef}`],
      cacheTo: [`type=registry,ref=${cacheRef},mode=max`],
    });
    expect(err.code).toBe('CACHE_REGISTRY_FAILED');
    expect(err.message).toContain(`The cache export to ${cacheRef} failed`);
    expect(err.message).toMatch(/cacheRegistryRef/);
    expect(err.message).not.toMatch(/importing cache manifest/);
  });
});
