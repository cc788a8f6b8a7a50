import { stat } from 'node:fs/promises';

/** Whether something exists at `path` (a dangling symlink or an unreadable parent: false). */
export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
