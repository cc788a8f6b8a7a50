import type { BakeImageInput, GitInfo } from '@nx-buildx/buildx';
import { bakeTargetName, parseDockerfile } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from './options';
import type { BuildPlan } from './build-plan';
import { planBuild } from './build-plan';
import { imageLinks, imageOwners } from './links';
import type { ProjectFacts } from './project';

export interface GraphProject {
  facts: ProjectFacts;
  /** The project's docker-build options, or why they are invalid. */
  options: DockerBuildOptions | Error;
  /** Its bake target name; default: the project's name as a bake target name. */
  key?: string;
}

export interface GraphBake {
  /** The selected images and every image they build on (bake target name → image), nothing else. */
  images: Record<string, BakeImageInput>;
  plans: Record<string, BuildPlan>;
  /**
   * For each target, the targets of the bake its Dockerfile uses the image of (FROM,
   * COPY --from, …): they are baked first, in an earlier run (see {@link bakeWaves}).
   */
  bases: Record<string, string[]>;
}

export interface GraphFacts {
  git: GitInfo;
  env: Record<string, string | undefined>;
  now: Date;
  /** Reads a file by its path relative to the workspace root. */
  readFile: (path: string) => string;
}

/**
 * The images of `selected` projects (all by default) and of the projects their images
 * build on, ready for `bakeImages`. Where a Dockerfile uses another project's image
 * (FROM or COPY --from, see links.ts) that image is one of its `bases`: baked in an
 * earlier run and then read from the engine, exactly as a single build reads it. (A
 * `target:` context would build it in the same run, but BuildKit keys the steps on top
 * of it by its build definition instead of its image, so they miss the cache a single
 * build left and rerun into a different image.) A broken project (bad options, no
 * Dockerfile) fails the bake only if it is part of it. Pure: files are read through
 * `facts`.
 */
export function bakeFromGraph(
  projects: readonly GraphProject[],
  facts: GraphFacts,
  selected?: readonly string[],
): GraphBake {
  const plans: Record<string, BuildPlan> = {};
  const broken = new Map<string, Error>();
  const options = new Map<string, DockerBuildOptions>();
  for (const p of projects) {
    const name = p.key ?? bakeTargetName(p.facts.name);
    try {
      if (p.options instanceof Error) throw p.options;
      plans[name] = planBuild(p.options, p.facts, facts.git, facts.env, facts.now);
      options.set(name, p.options);
    } catch (err) {
      broken.set(name, err as Error);
    }
  }
  const owners = imageOwners(
    Object.entries(plans).map(([project, plan]) => ({
      project,
      image: plan.image,
      tags: plan.tags,
    })),
  );

  const result: GraphBake = { images: {}, plans: {}, bases: {} };
  const visit = (name: string) => {
    if (result.plans[name]) return;
    const plan = plans[name];
    if (!plan)
      throw broken.get(name) ?? new Error(`no project "${name}" with a docker-build target`);
    result.plans[name] = plan;
    const file = plan.input.build.file as string;
    const info = parseDockerfile(facts.readFile(file), {
      buildArgs: options.get(name)?.buildArgs,
      file,
    });
    result.images[name] = plan.input;
    result.bases[name] = [...new Set(imageLinks(info, owners, name).map((l) => l.project))];
    result.bases[name].forEach(visit);
  };
  (
    selected?.map(bakeTargetName) ?? projects.map((p) => p.key ?? bakeTargetName(p.facts.name))
  ).forEach(visit);
  return result;
}

/**
 * `ids` in the order they can be baked: each run holds the ids whose `after` (within
 * `ids`) were all baked in earlier runs. Usually this is one run; an image built on
 * another image of the same bake, or an Nx dependency between two tasks of a batch,
 * adds one.
 */
export function bakeWaves(
  ids: readonly string[],
  after: Readonly<Record<string, readonly string[]>>,
): string[][] {
  const inBake = new Set(ids);
  const done = new Set<string>();
  const waves: string[][] = [];
  let pending = [...ids];
  while (pending.length) {
    const wave = pending.filter((id) =>
      (after[id] ?? []).every((d) => !inBake.has(d) || done.has(d)),
    );
    if (!wave.length) {
      waves.push(pending); // a cycle Nx would not have scheduled: bake what is left together
      break;
    }
    waves.push(wave);
    wave.forEach((id) => done.add(id));
    pending = pending.filter((id) => !done.has(id));
  }
  return waves;
}
