import type { BakeImageInput, GitInfo } from '@nx-buildx/buildx';
import { bakeTargetName, parseDockerfile } from '@nx-buildx/buildx';
import type { DockerBuildOptions } from '../executors/docker-build/options';
import type { BuildPlan } from './build-plan';
import { planBuild } from './build-plan';
import { imageLinks, imageOwners } from './image-links';
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
  /** For each target, the targets it builds on through `target:` contexts. */
  links: Record<string, string[]>;
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
 * (FROM or COPY --from, see image-links.ts) the image links to it, so bake builds the
 * base once, in the same run, and never pulls a stale one. A broken project (bad
 * options, no Dockerfile) fails the bake only if it is part of it. Pure: files are read
 * through `facts`.
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

  const result: GraphBake = { images: {}, plans: {}, links: {} };
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
    const links: Record<string, string> = {};
    for (const link of imageLinks(info, owners, name))
      links[namedContextKey(link.ref)] = link.project;
    result.images[name] = { ...plan.input, links };
    result.links[name] = [...new Set(Object.values(links))];
    result.links[name].forEach(visit);
  };
  (
    selected?.map(bakeTargetName) ?? projects.map((p) => p.key ?? bakeTargetName(p.facts.name))
  ).forEach(visit);
  return result;
}

/**
 * The name under which BuildKit looks up a named context for a FROM or COPY --from
 * reference: its familiar form without `:latest` (dockerui's NamedContext normalises the
 * reference this way), so `reg:5000/base:latest` must be keyed `reg:5000/base`.
 */
export function namedContextKey(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '').replace(/:latest$/, '');
}
