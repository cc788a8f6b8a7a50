import {
  dockerfilePathWarnings,
  LARGE_CONTEXT_BYTES,
  ignorePatterns,
  isOutside,
  largeContextMessage,
  largestEntries,
  localContextDir,
} from '@nx-buildx/buildx';
import { resolve } from 'node:path';
import type { BuildPlan } from '../image/build-plan';

/**
 * What a build would send that the user may not mean to (docs/architecture.md, "Safety
 * rules"): a context outside the workspace, a Dockerfile outside it or named like a
 * credentials file. Said before the build, on every path.
 */
export function contextPathWarnings(plan: BuildPlan): string[] {
  const given = plan.input.build.context ?? '.';
  const dir = localContextDir(given, plan.cwd);
  return [
    ...(dir && isOutside(dir, plan.cwd)
      ? [
          `context "${given}" is ${dir}, outside the workspace ${plan.cwd}: Docker can send any file under it into the build. Set context to a directory inside the workspace (e.g. the project root), or list what must stay out in ${dir}/.dockerignore.`,
        ]
      : []),
    ...dockerfilePathWarnings(plan.input.build.file ?? 'Dockerfile', plan.cwd),
  ];
}

/**
 * After a build: a context larger than {@link LARGE_CONTEXT_BYTES}, with its largest
 * entries. The size is what BuildKit reported sending (a single build reports it; a bake
 * sends its images' contexts in one stream), and the context is walked only when large.
 */
export async function largeContextWarning(
  plan: BuildPlan,
  sentBytes: number | undefined,
): Promise<string | undefined> {
  const given = plan.input.build.context ?? '.';
  const dir = localContextDir(given, plan.cwd);
  if (!dir || sentBytes === undefined || sentBytes <= LARGE_CONTEXT_BYTES) return undefined;
  const dockerfile = resolve(plan.cwd, plan.input.build.file ?? 'Dockerfile');
  const top = await largestEntries(dir, { dockerfile }).catch(() => []);
  const ignored = (await ignorePatterns(dir, dockerfile).catch(() => [])).length > 0;
  return largeContextMessage(given, sentBytes, top, ignored);
}
