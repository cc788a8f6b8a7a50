import { posix } from 'node:path';

/** The files createNodes looks at; {@link dockerfileVariant} filters out the rest. */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile}';

/**
 * `''` for `Dockerfile`, `worker` for `Dockerfile.worker` or `worker.Dockerfile`, undefined
 * for files that are not Dockerfiles (`Dockerfile.dockerignore`, `x.Dockerfile.bak`…).
 */
export function dockerfileVariant(file: string): string | undefined {
  const base = posix.basename(file);
  if (base === 'Dockerfile') return '';
  const variant = base.startsWith('Dockerfile.')
    ? base.slice('Dockerfile.'.length)
    : base.endsWith('.Dockerfile')
      ? base.slice(0, -'.Dockerfile'.length)
      : undefined;
  if (!variant || variant === 'dockerignore' || !/^[\w.-]+$/.test(variant)) return undefined;
  return variant.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

/** `docker-build` for the main Dockerfile, `docker-build-worker` for a variant. */
export function variantTargetName(base: string, variant: string): string {
  return variant ? `${base}-${variant}` : base;
}

/**
 * A project's default image name, for the graph and the executors alike: `@acme/API` →
 * `acme/api`, `Web Café` → `web-cafe`. Project names may carry a scope, capitals, accents
 * and spaces; image name components only [a-z0-9] joined by `.`, `_` or `-`.
 */
export function imageNameOfProject(projectName: string): string {
  return projectName
    .replace(/^@/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // accents: é → e
    .toLowerCase()
    .split('/')
    .map((part) => part.replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ''))
    .filter(Boolean)
    .join('/');
}

/**
 * A project's image name before a build fills the other placeholders: `imageName`, or the
 * project's, with `{projectName}` as {@link imageNameOfProject} spells it (`@acme/API` →
 * `acme/api`) — the same in nx.json's plugin options and a target's own — after the
 * registry. Build plan, inferred targets and the graph's image links all name it so.
 */
export function projectImageName(
  projectName: string,
  o: { imageName?: string; registry?: string },
): string {
  const name = (o.imageName ?? '{projectName}').replace(
    /\{projectName\}/g,
    imageNameOfProject(projectName),
  );
  const registry = o.registry?.trim().replace(/\/+$/, '');
  return registry ? `${registry}/${name}` : name;
}
