import type {
  CreateDependencies,
  CreateDependenciesContext,
  RawProjectGraphDependency,
} from '@nx/devkit';
import type { DockerfileInfo } from '@nx-buildx/buildx';
import { readDockerfileText } from '../image/read-dockerfile';
import { join, posix } from 'node:path';
import type { ImageLink, ImageOwner } from '../image/links';
import { imageOwners, linksOf } from '../image/links';
import type { ImageRead } from '../image/reads';
import { imageReads } from '../image/reads';
import { projectImageName } from '../image/dockerfile-names';
import { loadParser } from '../image/load-parser';
import { DependencyType } from '../lib/nx-shim';
import { DOCKER_BUILD } from '../lib/executor-names';

export interface ImageTarget {
  project: string;
  file: string;
  options: Record<string, unknown>;
}

/** Every docker-build target of the workspace (inferred or written by hand). */
export function imageTargets(projects: CreateDependenciesContext['projects']): ImageTarget[] {
  return Object.entries(projects).flatMap(([project, config]) =>
    Object.values(config.targets ?? {})
      .filter((t) => t.executor === DOCKER_BUILD)
      .map((t) => {
        const options = (t.options ?? {}) as Record<string, unknown>;
        const file =
          typeof options.file === 'string'
            ? posix.normalize(options.file).replace(/^\.\//, '')
            : posix.join(config.root, 'Dockerfile');
        return { project, file, options };
      }),
  );
}

/**
 * The image and tags a docker-build target makes, as far as they can be told without git
 * or the clock: `{projectName}` is filled in, a tag with another placeholder is left out
 * (the image name still links `FROM image`).
 */
export function ownerOf(t: ImageTarget): ImageOwner | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const image = projectImageName(t.project, {
    imageName: str(t.options.imageName),
    registry: str(t.options.registry),
  });
  if (image.includes('{')) return undefined; // a placeholder only a build fills
  const fill = (s: string) => s.replace(/\{projectName\}/g, t.project);
  const tagList = Array.isArray(t.options.tags) ? t.options.tags : ['latest'];
  const tags = tagList
    .filter((x): x is string => typeof x === 'string')
    .map(fill)
    .filter((x) => !x.includes('{'))
    .map((x) => (x.includes('/') || x.includes(':') ? x : `${image}:${x}`));
  return { project: t.project, image, tags };
}

/**
 * A FROM whose tag is an ARG without a value (`FROM reg/base:${TAG}`) still names the
 * image: link it by its name. Other unresolved FROMs stay unknown.
 */
export function withNameOnlyBases(
  info: DockerfileInfo,
  buildArgs: Record<string, unknown> = {},
): DockerfileInfo {
  const vars = new Map<string, string | undefined>();
  for (const a of info.args.filter((x) => x.global))
    vars.set(a.name, buildArgs[a.name] === undefined ? a.defaultValue : String(buildArgs[a.name]));
  const stages = info.stages.map((s) => {
    if (s.resolvedBase !== undefined || s.fromStage) return s;
    const marked = s.base.replace(
      /\$(?:\{(\w+)(?::([-+])([^}]*))?\}|(\w+))/g,
      (_m, braced: string, op: string, word: string, bare: string) => {
        const value = vars.get(braced ?? bare);
        if (op === '-') return value || word;
        if (op === '+') return value ? word : '';
        return value ?? '\u0000';
      },
    );
    const colon = marked.lastIndexOf(':');
    const name = marked.slice(0, colon);
    const nameOnly = colon > marked.lastIndexOf('/') && !name.includes('\u0000') ? name : undefined;
    return nameOnly ? { ...s, resolvedBase: nameOnly } : s;
  });
  return { ...info, stages };
}

/**
 * Static edges from a project to the projects whose images its Dockerfile uses (FROM,
 * COPY --from, RUN --mount from=, a docker-image:// build context; image/reads.ts), with the Dockerfile as `sourceFile` so Nx keeps them per file and only
 * the Dockerfiles in `filesToProcess` are read again.
 */
export const createDockerDependencies: CreateDependencies<unknown> = (_options, context) => {
  const targets = imageTargets(context.projects);
  const ownerList = targets.flatMap((t) => ownerOf(t) ?? []);
  const owners = imageOwners(ownerList);
  if (owners.size === 0) return [];
  const names = ownerNames(ownerList);
  const deps: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const changed = context.filesToProcess.projectFileMap[t.project];
    if (!changed?.some((f) => f.file === t.file)) continue;
    let links: ImageLink[];
    try {
      const text = readDockerfileText(join(context.workspaceRoot, t.file));
      links = linkedImages(t, text, owners, names);
    } catch {
      continue; // createNodes already warned about this Dockerfile
    }
    for (const link of links) {
      const key = `${t.project}>${link.project}>${t.file}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // Valid by construction, as Nx's validateDependency would check: both ends are
      // projects of context.projects, and the Dockerfile is a file of the source project
      // (it is in filesToProcess' map for it).
      deps.push({
        source: t.project,
        target: link.project,
        sourceFile: t.file,
        type: DependencyType.static,
      });
    }
  }
  return deps;
};

/** Each owner's project and the last part of its image name ({@link linkedImages}' prefilter). */
export function ownerNames(owners: readonly ImageOwner[]): OwnerName[] {
  return owners.map((o) => ({ project: o.project, name: lastNamePart(o.image) }));
}

export interface OwnerName {
  project: string;
  name: string;
}

/**
 * The other projects' images that target `t`'s Dockerfile (its `text`) uses. A Dockerfile
 * can only use an image whose last name part it (or a build arg) spells out: the others
 * need no parse, which is most of the cost. Throws when the Dockerfile cannot be parsed.
 */
export function linkedImages(
  t: ImageTarget,
  text: string,
  owners: ReadonlyMap<string, string>,
  names: readonly OwnerName[],
): ImageLink[] {
  if (!mayUseOwnImages(t, text, names)) return [];
  return linksOf(imagesUsedBy(t, text), owners, t.project);
}

/** Whether `t`'s Dockerfile (or a build arg or context) spells another owner's image name. */
export function mayUseOwnImages(t: ImageTarget, text: string, names: readonly OwnerName[]) {
  const words = wordsOf(
    `${text}\n${JSON.stringify([t.options.buildArgs ?? {}, buildContexts(t)])}`,
  );
  return names.some((n) => n.project !== t.project && words.has(n.name));
}

/**
 * Every image `t`'s Dockerfile uses (FROM, COPY --from, RUN --mount from=, docker-image://
 * contexts), a FROM whose tag is a variable by its name. The parse: throws when it fails.
 */
export function imagesUsedBy(t: ImageTarget, text: string): ImageRead[] {
  const buildArgs = (t.options.buildArgs ?? {}) as Record<string, string>;
  const info = withNameOnlyBases(loadParser()(text, { file: t.file, buildArgs }), buildArgs);
  return imageReads(info, { context: '.', buildContexts: buildContexts(t) }).images;
}

/** The target's `buildContexts`: a `docker-image://` one can name another project's image. */
function buildContexts(t: ImageTarget): Record<string, string> {
  const value = t.options.buildContexts;
  return value && typeof value === 'object' ? (value as Record<string, string>) : {};
}

/** `reg:5000/team/base` → `base`: the part a reference to the image always spells out. */
function lastNamePart(image: string): string {
  return image.slice(image.lastIndexOf('/') + 1).toLowerCase();
}

/** The path components a Dockerfile spells, without `:tag` or `@digest`. */
function wordsOf(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9._:@-]+/)
      .map((w) => w.replace(/[:@].*$/, '')),
  );
}
