import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { BuildxError } from '@nx-buildx/buildx';

/** How an executor talks to people: progress streams through, one summary at the end. */
export interface ExecutorIo {
  /** A line of BuildKit progress, passed through as it arrives. */
  progress(line: string): void;
  info(message: string): void;
  warn(message: string): void;
  /** The docker command, redacted and shell-quoted; shown only with --verbose. */
  command(command: string): void;
  verbose: boolean;
}

/**
 * Runs an executor body and turns every failure into one clear message and
 * `{ success: false }`: typed buildx errors already say what to do next; anything
 * else is a bug and keeps its stack under --verbose.
 */
export async function runExecutor(
  name: string,
  context: ExecutorContext,
  body: (io: ExecutorIo) => Promise<void>,
): Promise<{ success: boolean }> {
  const verbose = context.isVerbose || process.env.NX_VERBOSE_LOGGING === 'true';
  const io: ExecutorIo = {
    progress: (line) => process.stdout.write(`${line}\n`),
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(`warning: ${message}`),
    command: (command) => verbose && logger.info(`$ ${command}`),
    verbose,
  };
  try {
    await body(io);
    return { success: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger.error(`${name} failed for ${context.projectName ?? 'the project'}:\n${message}`);
    if (verbose && !(err instanceof BuildxError) && err instanceof Error && err.stack)
      logger.error(err.stack);
    return { success: false };
  }
}
