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

/** `@acme/API` → `acme/api`, as the docker-build executor names a project's image. */
export function imageNameOfProject(projectName: string): string {
  return projectName.replace(/^@/, '').toLowerCase();
}
