import { basename, relative, resolve } from 'node:path';
import { isOutside } from './size-warning';

/** Names of files that hold credentials, not Dockerfiles. */
const CREDENTIAL_FILE =
  /^(\.npmrc|\.yarnrc(\.yml)?|\.pypirc|\.netrc|\.git-credentials|\.env(\..+)?|.*\.pem|.*\.key|id_(rsa|ed25519|ecdsa)|credentials(\.json)?)$/i;

/**
 * Warnings about the `file` option before a build: a Dockerfile outside the workspace,
 * or one named like a credentials file (`--file=.npmrc` by mistake). BuildKit quotes a
 * Dockerfile's lines in its parse errors; the plugin masks what looks like a credential,
 * but a file that holds one should not be sent to the engine at all.
 */
export function dockerfilePathWarnings(file: string, workspaceRoot: string): string[] {
  const path = resolve(workspaceRoot, file);
  const warnings: string[] = [];
  if (isOutside(path, workspaceRoot))
    warnings.push(
      `the Dockerfile ${path} (file) is outside the workspace ${workspaceRoot}: Nx does not see it change, so it is no input of the build's hash. Keep the Dockerfile in the project.`,
    );
  if (CREDENTIAL_FILE.test(basename(path)))
    warnings.push(
      `the Dockerfile ${relative(workspaceRoot, path) || path} (file) is named like a credentials file: its lines go to the engine and appear in BuildKit's error messages (credential-looking values are masked in what the plugin prints). Check the file option; pass credentials with the secrets option instead.`,
    );
  return warnings;
}
