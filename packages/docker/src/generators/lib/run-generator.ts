import type { Tree } from '@nx/devkit';
import { formatFiles } from '@nx/devkit';
import { parseOptions } from '@nx-buildx/buildx';
import type { z } from 'zod';

/**
 * A generator's options through its zod schema (the source of its schema.json), so a bad
 * value is refused with the same sentences as an executor's, naming the option.
 */
export function generatorOptions<S extends z.ZodType>(
  generator: string,
  schema: S,
  raw: unknown,
): z.output<S> {
  return parseOptions(schema, raw ?? {}, `options of @nx-buildx/docker:${generator}`);
}

/** Formats what the generator wrote (Prettier, when the workspace has it) unless told not to. */
export async function finish(tree: Tree, options: { skipFormat?: boolean }): Promise<void> {
  if (!options.skipFormat) await formatFiles(tree);
}
