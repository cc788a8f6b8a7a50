import { execaRunner } from '../process/execa-runner';
import type { RunContext } from '../process/run-context';

/** Each tag → the ID of the local image it names, undefined where it names none. */
export type TagStates = ReadonlyMap<string, string | undefined>;

/** `api` and `api:latest` are one tag; the engine lists them with the tag. */
const withTag = (ref: string) => (ref.includes('@') || /:[^/]+$/.test(ref) ? ref : `${ref}:latest`);

/**
 * What `tags` name in the local engine now, with ONE `docker image inspect`. Undefined
 * when the engine cannot say (then nothing can be put back later either).
 */
export async function tagStates(
  tags: readonly string[],
  ctx: Pick<RunContext, 'runner' | 'env'> = {},
): Promise<TagStates | undefined> {
  if (!tags.length) return new Map();
  const r = await (ctx.runner ?? execaRunner)
    .run('docker', ['image', 'inspect', '--format', '{{json .RepoTags}} {{.Id}}', ...tags], {
      env: ctx.env,
      signal: AbortSignal.timeout(30_000),
    })
    .catch(() => undefined);
  // Exit 1 with "No such image" for the tags that name nothing: the others are printed.
  if (!r || (r.exitCode !== 0 && !/no such image/i.test(r.stderr))) return undefined;
  const idOf = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(\[.*\]) (sha256:[0-9a-f]{64})$/.exec(line.trim());
    if (!m) continue;
    for (const t of JSON.parse(m[1] as string) as string[]) idOf.set(t, m[2] as string);
  }
  return new Map(tags.map((t) => [t, idOf.get(withTag(t))]));
}

/**
 * Puts `tags` back as `before` says, where they changed: a tag that named another image
 * names it again (`docker image tag`), a tag that named none is removed (`docker image
 * rm` of a tag only untags, unless nothing else names the image this build made). Says
 * whether every tag is as before, and which ones had moved.
 */
export async function restoreTags(
  before: TagStates,
  ctx: Pick<RunContext, 'runner' | 'env'> = {},
): Promise<{ ok: boolean; moved: string[] }> {
  const now = await tagStates([...before.keys()], ctx);
  if (!now) return { ok: false, moved: [] };
  let ok = true;
  const moved: string[] = [];
  for (const [tag, id] of before) {
    if (now.get(tag) === id) continue;
    moved.push(tag);
    const args = id ? ['image', 'tag', id, tag] : ['image', 'rm', tag];
    const r = await (ctx.runner ?? execaRunner)
      .run('docker', args, { env: ctx.env })
      .catch(() => undefined);
    if (!r || r.exitCode !== 0) ok = false;
  }
  return { ok, moved };
}

const putBack = new WeakSet<object>();

/** Whether the build that threw `err` had its tags put back as they were before it. */
export function tagsWerePutBack(err: unknown): boolean {
  return typeof err === 'object' && err !== null && putBack.has(err);
}

/**
 * Runs `build`; when it fails after tags may have moved (a failed push, a failed check of
 * the result, an interruption during the export), puts them back as they were and marks
 * the error so ({@link tagsWerePutBack}): the tags then still name what the last good
 * build made, and its report still tells the truth. `before` is what the tags named
 * before the build started.
 */
export async function withTagsKept<T>(
  before: TagStates | undefined,
  ctx: Pick<RunContext, 'runner' | 'env' | 'onLine'>,
  build: () => Promise<T>,
): Promise<T> {
  try {
    return await build();
  } catch (err) {
    const restored = before && (await restoreTags(before, ctx));
    if (restored?.ok) {
      if (typeof err === 'object' && err !== null) putBack.add(err);
      if (restored.moved.length)
        ctx.onLine?.(
          `the build failed after tagging: ${restored.moved.join(', ')} ${restored.moved.length > 1 ? 'were' : 'was'} put back as before this build.`,
        );
    }
    throw err;
  }
}
