import type { DockerfileInfo } from '@nx-buildx/buildx/dockerfile';
import { cleanPath } from './paths';

/**
 * What an image is made of, worked out once from its Dockerfile and build options: the
 * graph's inputs, createDependencies, the Nx hasher and the bake order all read it from here
 * (issue 17), so none of them can forget a way content reaches an image. Pure: the
 * Dockerfile is parsed before.
 */

/** The parts of a parsed Dockerfile that say what it reads (a line reader gives copies only). */
export type DockerfileReads = Pick<DockerfileInfo, 'copies'> &
  Partial<Pick<DockerfileInfo, 'runMounts' | 'stages'>>;

/** An image the build starts from or copies from, as the build will look it up. */
export interface ImageRead {
  ref: string;
  via: 'FROM' | 'COPY --from' | 'RUN --mount from' | 'build context';
  line: number;
}

export interface ImageReads {
  /**
   * Workspace-relative files and folders the build reads: COPY/ADD sources and bind mounts
   * of the build context, what they take from a local named context, secret files.
   * `''` is the whole workspace (a `$VAR` source, a mount of the context's root).
   */
  paths: string[];
  /** Images by tag (FROM, COPY --from, RUN --mount from=, docker-image:// contexts). */
  images: ImageRead[];
  /** Content no file hash or local image ID can vouch for; the hasher then never hits. */
  unhashable: string[];
}

export interface BuildReadOptions {
  /** The build context, workspace-relative (`.` by default). */
  context: string;
  /** `buildContexts` of the target: name → folder, `docker-image://ref`, `target:x`, URL. */
  buildContexts?: Readonly<Record<string, string>>;
  /** `secrets` of the target; a `{src}` file in the workspace is an input (as `{env}` ones are). */
  secrets?: readonly unknown[];
}

/** A named build context, classified by what it reads. */
type NamedContext =
  | { kind: 'folder'; path: string }
  | { kind: 'image'; ref: string }
  | { kind: 'unhashable'; why: string };

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;

/** `docker-image://ref` → the image; `target:x`, URLs → unhashable; else a folder. */
export function namedContext(value: string): NamedContext {
  if (value.startsWith('docker-image://'))
    return { kind: 'image', ref: value.slice('docker-image://'.length) };
  if (value.startsWith('oci-layout://'))
    return {
      kind: 'folder',
      path: cleanPath(value.slice('oci-layout://'.length).split(/[@:]/)[0] ?? ''),
    };
  if (value.startsWith('target:'))
    return { kind: 'unhashable', why: `build context ${value}: another bake target's image` };
  if (URL_LIKE.test(value))
    return { kind: 'unhashable', why: `build context ${value}: remote content` };
  return { kind: 'folder', path: cleanPath(value) };
}

/** Everything the image built from `info` with `o` reads; see {@link ImageReads}. */
export function imageReads(info: DockerfileReads | Error, o: BuildReadOptions): ImageReads {
  const paths = new Set<string>();
  const images: ImageRead[] = [];
  const unhashable: string[] = [];
  if (info instanceof Error) {
    return { paths: [''], images, unhashable: [`the Dockerfile cannot be parsed`] };
  }
  const context = cleanPath(o.context);
  const contexts = o.buildContexts ?? {};
  const stageNames = new Set((info.stages ?? []).flatMap((s) => (s.name ? [s.name] : [])));
  const under = (root: string, source: string) => {
    const s = cleanPath(source);
    if (s.startsWith('..')) return; // Docker refuses it
    paths.add(cleanPath(root && s ? `${root}/${s}` : root || s));
  };

  /** What `name` (a FROM base, a --from) refers to: a stage, a named context or an image. */
  const use = (name: string, via: ImageRead['via'], line: number, sources?: string[]) => {
    if (stageNames.has(name.toLowerCase()) || /^\d+$/.test(name)) return; // an earlier stage
    const key = contextKey(name, contexts);
    const named = key === undefined ? undefined : namedContext(contexts[key] as string);
    if (!named) {
      if (name !== 'scratch') images.push({ ref: name, via, line });
    } else if (named.kind === 'image') images.push({ ref: named.ref, via: 'build context', line });
    else if (named.kind === 'unhashable') unhashable.push(named.why);
    else for (const s of sources ?? ['']) under(named.path, s.includes('$') ? '' : s);
  };

  for (const stage of info.stages ?? []) {
    if (stage.fromStage) continue;
    if (stage.resolvedBase === undefined)
      unhashable.push(`FROM ${stage.base}: an ARG in it has no value`);
    else use(stage.resolvedBase, 'FROM', stage.line);
  }
  for (const copy of info.copies) {
    if (copy.from) {
      use(copy.from, 'COPY --from', copy.line, copy.sources);
      continue;
    }
    for (const raw of copy.sources) {
      if (raw.startsWith('<<')) continue; // heredoc: its text is in the Dockerfile
      if (URL_LIKE.test(raw)) {
        if (copy.instruction === 'ADD' && !copy.checksum)
          unhashable.push(`ADD ${raw}: remote content without --checksum`);
        continue;
      }
      // A variable can name anything in the context.
      under(context, raw.includes('$') ? '' : raw);
    }
  }
  for (const mount of info.runMounts ?? []) {
    if (mount.type !== 'bind') continue; // cache, secret, ssh, tmpfs read nothing of the context
    const source = mount.source?.includes('$') ? '' : (mount.source ?? '');
    if (mount.from) use(mount.from, 'RUN --mount from', mount.line, [source]);
    else under(context, source);
  }
  for (const s of o.secrets ?? []) {
    const src = (s as { src?: unknown } | null)?.src;
    // Inside the workspace it is an input, as an env secret is; outside, like BuildKit's
    // own cache, a secret's content is not part of the image.
    if (typeof src === 'string' && !src.startsWith('/')) under('', src);
  }
  return { paths: [...paths].sort(), images, unhashable };
}

/** The buildContexts key a FROM/--from name is replaced by, as BuildKit matches it. */
function contextKey(name: string, contexts: Readonly<Record<string, string>>): string | undefined {
  if (name in contexts) return name;
  const n = normalizeImageRef(name);
  return Object.keys(contexts).find((k) => normalizeImageRef(k) === n);
}

/**
 * A reference the way Docker resolves it, so `base`, `base:latest` and
 * `docker.io/library/base:latest` are one image. A digest stays: a pinned image is
 * not "whatever the project builds now".
 */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim().replace(/^docker\.io\/(library\/)?/, '');
  if (r.includes('@')) return r;
  if (r.lastIndexOf(':') <= r.lastIndexOf('/')) r = `${r}:latest`;
  return r;
}

/**
 * Files and folders the image reads (COPY/ADD of the context, bind mounts, local named
 * contexts, secret files; see imageReads), workspace-relative; `''` is all of it.
 */
export function contextSources(
  info: DockerfileReads | Error,
  context: string,
  options: Omit<BuildReadOptions, 'context'> = {},
): string[] {
  return imageReads(info, { context, ...options }).paths;
}
