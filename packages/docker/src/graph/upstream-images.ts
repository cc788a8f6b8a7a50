import type { TargetConfiguration } from '@nx/devkit';
import type { ImageLink } from '../image/links';
import { imageOwners, linksOf } from '../image/links';
import type { ImageRead } from '../image/reads';
import type { ImageTarget } from './create-dependencies';
import { imagesUsedBy, mayUseOwnImages, ownerNames, ownerOf } from './create-dependencies';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/** A docker-build target createNodes inferred: what it builds, from which Dockerfile text. */
export interface InferredImage extends ImageTarget {
  /** The build target's name, which is also its named input's. */
  buildName: string;
  text: string;
  /** The images its Dockerfile uses, when an earlier run parsed it for them (cached). */
  images?: readonly ImageRead[];
  /** Keeps `images` for the next run (inference's cache), once parsed here. */
  keep?: (images: ImageRead[]) => void;
}

/**
 * Inputs for the docker targets of an image built on other projects' images (FROM,
 * COPY --from, …; createDependencies links the same ones): for every such project, directly
 * or through another, its build input (the Dockerfile and the files its image reads), and a
 * dependentTasksOutputFiles entry, which makes Nx hash the task after those images were
 * built, so its runtime input reads the new base image IDs. Without them a base edit left
 * a `cache: true` dependent replayed stale and unselected by Nx 24's task-level `nx affected`.
 * Keyed by the build target's Dockerfile; a Dockerfile that cannot be parsed gets none (it
 * already copies the whole context and warned).
 */
export function upstreamInputs(images: readonly InferredImage[]): Map<string, Input[]> {
  const ownerList = images.flatMap((t) => ownerOf(t) ?? []);
  const owners = imageOwners(ownerList);
  const names = ownerNames(ownerList);
  const direct = new Map<string, Set<string>>();
  for (const image of images) {
    let links: ImageLink[] = [];
    try {
      // The parse is most of the cost: once per Dockerfile text, and only when it spells
      // another project's image name.
      if (image.images) links = linksOf(image.images, owners, image.project);
      else if (owners.size && mayUseOwnImages(image, image.text, names)) {
        const used = imagesUsedBy(image, image.text);
        image.keep?.(used);
        links = linksOf(used, owners, image.project);
      }
    } catch {
      links = [];
    }
    const set = direct.get(image.project) ?? new Set<string>();
    links.forEach((l) => set.add(l.project));
    direct.set(image.project, set);
  }
  // A project with several Dockerfiles: all its build inputs (links name the project).
  const buildNames = new Map<string, Set<string>>();
  for (const i of images)
    buildNames.set(i.project, (buildNames.get(i.project) ?? new Set()).add(i.buildName));
  const result = new Map<string, Input[]>();
  for (const image of images) {
    const upstream = closure(image.project, direct);
    if (!upstream.length) continue;
    result.set(image.file, [
      ...upstream.flatMap((project) =>
        [...(buildNames.get(project) ?? [])].map((input) => ({ input, projects: [project] })),
      ),
      { dependentTasksOutputFiles: '**/*', transitive: true },
    ]);
  }
  return result;
}

/** Every project reachable from `start` through `edges`, `start` itself left out. */
function closure(start: string, edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift())
    for (const to of edges.get(next) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  seen.delete(start);
  return [...seen].sort();
}
