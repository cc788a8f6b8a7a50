import { BuildxError } from './errors';

/** Why a local cache directory may not be used or removed. */
export type UnsafeCacheDirReason =
  'workspace' | 'ancestor' | 'not-a-directory' | 'not-ours' | 'sibling-not-ours' | 'in-context';

/**
 * The plugin refuses to use or remove a cache directory it did not create, or one whose
 * removal would take the workspace with it. Raised before anything is built or touched.
 */
export class UnsafeCacheDirError extends BuildxError {
  readonly code = 'CACHE_DIR_UNSAFE';
  constructor(
    readonly option: string,
    readonly path: string,
    readonly reason: UnsafeCacheDirReason,
    detail: string,
    fix: string,
  ) {
    super(`${option} "${path}" ${detail}\n${fix}`);
  }
}
