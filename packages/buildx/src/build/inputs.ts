import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { InvalidOptionError } from '../errors/errors';
import type { BuildOptions } from './options';

/** Contexts that are not local directories: git/http URLs and stdin. */
const REMOTE_CONTEXT = /^(https?:\/\/|git@|git:\/\/|github\.com\/|-$)/;

/**
 * Checks the local context and Dockerfile exist before docker runs, so the user gets one
 * sentence naming the path instead of BuildKit's "failed to read dockerfile".
 */
export async function checkLocalInputs(
  o: Pick<BuildOptions, 'context' | 'file'>,
  cwd: string,
): Promise<void> {
  if (REMOTE_CONTEXT.test(o.context)) return;
  const context = resolve(cwd, o.context);
  if (!(await isDir(context))) {
    throw new InvalidOptionError([
      {
        path: 'context',
        message: `the build context ${context} is not a directory. Point context at the folder the Dockerfile COPYs from.`,
      },
    ]);
  }
  const file = o.file ? resolve(cwd, o.file) : join(context, 'Dockerfile');
  if (o.file === '-') return;
  if (!(await isFile(file))) {
    throw new InvalidOptionError([
      {
        path: 'file',
        message: `no Dockerfile at ${isAbsolute(file) ? file : resolve(file)}. Write a Dockerfile there (it starts with FROM <base image>), or set file to the Dockerfile's path relative to ${cwd}.`,
      },
    ]);
  }
}

async function isDir(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
}
async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined))?.isFile() ?? false;
}
