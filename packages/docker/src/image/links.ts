import type { BuildReadOptions, DockerfileReads, ImageRead } from './reads';
import { imageReads, normalizeImageRef } from './reads';

export { normalizeImageRef };

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
  via: ImageRead['via'];
  line: number;
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
 * The images of other projects that `info` uses (FROM, COPY --from, RUN --mount from=,
 * docker-image:// build contexts; {@link imageReads}). Stage names and indexes are not
 * images; a FROM whose ARGs have no value cannot be told and is left out.
 */
export function imageLinks(
  info: DockerfileReads,
  owners: ReadonlyMap<string, string>,
  self: string,
  o: Partial<BuildReadOptions> = {},
): ImageLink[] {
  return linksOf(imageReads(info, { context: '.', ...o }).images, owners, self);
}

/** The images of `images` (a Dockerfile's, {@link imageReads}) that other projects build. */
export function linksOf(
  images: readonly ImageRead[],
  owners: ReadonlyMap<string, string>,
  self: string,
): ImageLink[] {
  const links: ImageLink[] = [];
  for (const c of images) {
    const project = owners.get(normalizeImageRef(c.ref));
    if (project && project !== self) links.push({ project, ...c });
  }
  return links;
}
