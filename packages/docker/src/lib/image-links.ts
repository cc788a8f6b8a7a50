import type { DockerfileInfo } from '@nx-buildx/buildx';

/**
 * Which project's image a Dockerfile uses — the one piece of graph logic that bake
 * (`target:` contexts) and the graph plugin (`createDependencies`) share. Pure: the
 * Dockerfile is parsed and the images named before this is called.
 */

/** What one project builds: its image name and full tag references. */
export interface ImageOwner {
  project: string;
  image: string;
  tags: readonly string[];
}

/** Another project's image used by a Dockerfile, and where. */
export interface ImageLink {
  project: string;
  /** The reference as the Dockerfile wrote it (after ARG defaults). */
  ref: string;
  via: 'FROM' | 'COPY --from';
  line: number;
}

/**
 * A reference the way Docker resolves it, so `base`, `base:latest` and
 * `docker.io/library/base:latest` are one image. A digest stays: a pinned image is
 * not "whatever the project builds now".
 */
export function normalizeImageRef(ref: string): string {
  let r = ref.trim().replace(/^docker\.io\/(library\/)?/, '');
  if (r.includes('@')) return r;
  const lastSlash = r.lastIndexOf('/');
  if (r.lastIndexOf(':') <= lastSlash) r = `${r}:latest`;
  return r;
}

/** Every reference that names a project's image → that project. */
export function imageOwners(owners: readonly ImageOwner[]): Map<string, string> {
  const byRef = new Map<string, string>();
  for (const o of owners) {
    byRef.set(normalizeImageRef(o.image), o.project); // `FROM image` means image:latest
    for (const tag of o.tags) byRef.set(normalizeImageRef(tag), o.project);
  }
  return byRef;
}

/**
 * The images of other projects that `info`'s FROM and COPY --from lines use. Stage
 * names and indexes are not images; a FROM whose ARGs have no value cannot be told
 * and is left out.
 */
export function imageLinks(
  info: DockerfileInfo,
  owners: ReadonlyMap<string, string>,
  self: string,
): ImageLink[] {
  const stageNames = new Set(info.stages.flatMap((s) => (s.name ? [s.name] : [])));
  const candidates = [
    ...info.stages
      .filter((s) => !s.fromStage && s.resolvedBase)
      .map((s) => ({ ref: s.resolvedBase as string, via: 'FROM' as const, line: s.line })),
    ...info.copies
      .filter((c) => c.from && !stageNames.has(c.from.toLowerCase()) && !/^\d+$/.test(c.from))
      .map((c) => ({ ref: c.from as string, via: 'COPY --from' as const, line: c.line })),
  ];
  const links: ImageLink[] = [];
  for (const c of candidates) {
    const project = owners.get(normalizeImageRef(c.ref));
    if (project && project !== self) links.push({ project, ...c });
  }
  return links;
}
