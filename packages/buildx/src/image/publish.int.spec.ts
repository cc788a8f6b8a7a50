// Release publishing against the real engine and the local registry: tags and pushes,
// a missing build, and a push that fails part-way (a registry port nobody listens on).
import { execaRunner } from '../process/execa-runner';
import { PushFailedError, ReleaseImageMissingError } from '../errors/publish';
import { registryTags } from '../testing/registry';
import { removeImages } from '../testing/container';
import { LOCAL_REGISTRY, uniqueName } from '../testing/testdir';
import { publishImage, pushedDigest } from './publish';

jest.setTimeout(120_000);

const repo = uniqueName('nxb-publish');
const source = `${LOCAL_REGISTRY}/${repo}:latest`;
const created: string[] = [source];

beforeAll(async () => {
  // A one-platform, one-layer image of this run, on no base: a tag of the multi-platform
  // busybox would name platforms it does not hold, which a push refuses; and dockerd 26.1
  // (containerd store), after the engine suite's multi-platform builds and prunes, fails
  // every `--load` FROM busybox with "failed to solve: not found" (the image is stored).
  const r = await execaRunner.run(
    'docker',
    ['buildx', 'build', '--load', '--provenance=false', '-t', source, '-'],
    { input: `FROM scratch\nCOPY <<EOF /published\n${repo}\nEOF\n` },
  );
  // the build's own words on a failure, not only its exit code
  expect({ exitCode: r.exitCode, stderr: r.exitCode === 0 ? '' : r.stderr }).toEqual({
    exitCode: 0,
    stderr: '',
  });
});
afterAll(() => removeImages(created));

describe('publishImage', () => {
  it('tags the built image with every ref and pushes each, reporting its digest', async () => {
    const refs = [`${LOCAL_REGISTRY}/${repo}:1.2.3`, `${LOCAL_REGISTRY}/${repo}:1.2`];
    created.push(...refs);
    const pushed = await publishImage({ source, refs, buildCommand: 'nx run app:docker-build' });
    expect(pushed.map((p) => p.ref)).toEqual(refs);
    for (const p of pushed) expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await registryTags(LOCAL_REGISTRY, repo)).sort()).toEqual(['1.2', '1.2.3']);
  });

  it('tags and pushes nothing when the built image is not in the engine', async () => {
    const missing = `${LOCAL_REGISTRY}/${uniqueName('nxb-never-built')}:latest`;
    const ref = missing.replace(':latest', ':9.9.9');
    const err = await publishImage({
      source: missing,
      refs: [ref],
      buildCommand: 'nx run app:docker-build',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseImageMissingError);
    expect((err as Error).message).toContain('nx run app:docker-build');
    const tagged = await execaRunner.run('docker', ['image', 'inspect', ref]);
    expect(tagged.exitCode).not.toBe(0);
  });

  it('names the tags already pushed when a later push fails', async () => {
    const good = `${LOCAL_REGISTRY}/${repo}:2.0.0`;
    const unreachable = `127.0.0.1:1/${repo}:2.0.0`; // loopback, nothing listens on port 1
    created.push(good, unreachable);
    const err = await publishImage({
      source,
      refs: [good, unreachable],
      buildCommand: 'nx run app:docker-build',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushFailedError);
    expect((err as PushFailedError).pushed).toEqual([good]);
    expect((err as Error).message).toContain(unreachable);
    expect(await registryTags(LOCAL_REGISTRY, repo)).toContain('2.0.0');
  });
});

describe('pushedDigest', () => {
  it('reads the digest from the last line of docker push', () => {
    expect(pushedDigest(`1.2.3: digest: sha256:${'d'.repeat(64)} size: 527`)).toBe(
      `sha256:${'d'.repeat(64)}`,
    );
  });
  it('reads no digest from unrelated output', () => {
    expect(pushedDigest('The push refers to repository [reg/app]')).toBeUndefined();
  });
});
