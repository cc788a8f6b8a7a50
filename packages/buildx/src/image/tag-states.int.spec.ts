// A build that fails after it tagged (a push refused, a failed check of the result) puts
// the tags back as they were: a tag that named an older image names it again, a tag
// that named nothing is gone. On the real engine and a port nobody listens on.
import { rm } from 'node:fs/promises';
import { buildImage } from '../build/image';
import { execaRunner } from '../process/execa-runner';
import { removeImages } from '../testing/container';
import { freeLoopbackPort } from '../testing/error-registry';
import { LOCAL_REGISTRY, testdir, uniqueName } from '../testing/testdir';
import { tagStates, tagsWerePutBack } from './tag-states';

jest.setTimeout(300_000);
const BUSYBOX = `${LOCAL_REGISTRY}/busybox:latest`;
const docker = (...args: string[]) => execaRunner.run('docker', args);

describe('tags after a failed build', () => {
  const name = uniqueName('tagback');
  const kept = `nx-buildx-test/${name}:kept`;
  let dir: string;
  let oldId: string | undefined;
  beforeAll(async () => {
    dir = await testdir({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo ${name} $RANDOM > /x\n` });
    // An engine of its own (the oldest pair's) may not have the seed yet.
    if ((await docker('image', 'inspect', BUSYBOX)).exitCode !== 0)
      expect((await docker('pull', '-q', BUSYBOX)).exitCode).toBe(0);
    expect((await docker('image', 'tag', BUSYBOX, kept)).exitCode).toBe(0);
    oldId = (await tagStates([kept]))?.get(kept);
    expect(oldId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  afterAll(async () => {
    await removeImages([kept]);
    await rm(dir, { recursive: true, force: true });
  });

  it('reads what each tag names, undefined for one that names nothing', async () => {
    const states = await tagStates([kept, `nx-buildx-test/${name}:none`, BUSYBOX]);
    expect(oldId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(states?.get(`nx-buildx-test/${name}:none`)).toBeUndefined();
    expect(states?.get(BUSYBOX)).toBe(oldId);
  });

  it('a push refused after the load: the moved tag names its old image, the new one is gone', async () => {
    const registry = `127.0.0.1:${await freeLoopbackPort()}`;
    const pushed = `${registry}/nx-buildx-test/${name}:1`;
    const failure = await buildImage(
      {
        build: { context: dir, tags: [kept, pushed], load: true, push: true, noCache: true },
        cache: { strategy: 'none', scope: name, push: false },
      },
      { onLine: () => undefined },
    ).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect(tagsWerePutBack(failure)).toBe(true);
    const after = await tagStates([kept, pushed]);
    expect(after?.get(kept)).toBe(oldId);
    expect(after?.get(pushed)).toBeUndefined();
  });

  it('a check of the result that fails: the tags are put back too', async () => {
    const lines: string[] = [];
    const failure = await buildImage(
      {
        build: { context: dir, tags: [kept], load: true, noCache: true },
        cache: { strategy: 'none', scope: name, push: false },
        afterBuild: () => {
          throw new Error('not fresh');
        },
      },
      { onLine: (l) => lines.push(l) },
    ).catch((err: unknown) => err);
    expect((failure as Error).message).toBe('not fresh');
    expect(tagsWerePutBack(failure)).toBe(true);
    expect((await tagStates([kept]))?.get(kept)).toBe(oldId);
    expect(lines.join('\n')).toContain(`${kept} was put back as before this build`);
  });
});
