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
import type { ExecutorIo } from './run-executor';

/**
 * Warnings about what a build sends (docs/architecture.md, "Safety rules": a success is never false): a context
 * outside the workspace, a Dockerfile outside it or named like a credentials file before the build, and after it a context larger than
 * {@link LARGE_CONTEXT_BYTES} with its largest entries. The size is what BuildKit
 * reported sending; the context is walked only when that was large.
 */
export function contextWarnings(io: ExecutorIo, plan: BuildPlan) {
  const given = plan.input.build.context ?? '.';
  const dir = localContextDir(given, plan.cwd);
  if (dir && isOutside(dir, plan.cwd))
    io.warn(
      `context "${given}" is ${dir}, outside the workspace ${plan.cwd}: Docker can send any file under it into the build. Set context to a directory inside the workspace (e.g. the project root), or list what must stay out in ${dir}/.dockerignore.`,
    );
  dockerfilePathWarnings(plan.input.build.file ?? 'Dockerfile', plan.cwd).forEach(io.warn);
  return {
    async afterBuild(sentBytes: number | undefined): Promise<void> {
      if (!dir || sentBytes === undefined || sentBytes <= LARGE_CONTEXT_BYTES) return;
      const dockerfile = resolve(plan.cwd, plan.input.build.file ?? 'Dockerfile');
      const top = await largestEntries(dir, { dockerfile }).catch(() => []);
      const ignored = (await ignorePatterns(dir, dockerfile).catch(() => [])).length > 0;
      io.warn(largeContextMessage(given, sentBytes, top, ignored));
    },
  };
}
