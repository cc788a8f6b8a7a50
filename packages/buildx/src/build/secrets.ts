import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidOptionError } from '../errors/errors';
import { isSecretLikeName } from '../redact/secret-names';
import type { Secret } from './options';

/**
 * Checks every secret has a value before docker runs: buildx sends an unset variable as
 * an empty secret and a build that needs it still "succeeds". Each problem is reported
 * once, naming the option, the variable or file, and how to provide it.
 */
export async function checkSecrets(
  secrets: readonly Secret[] | undefined,
  cwd: string,
  env: Record<string, string | undefined>,
  subject = 'secrets',
): Promise<void> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const [i, s] of (secrets ?? []).entries()) {
    if (s.env !== undefined && !env[s.env]) {
      problems.push({
        path: `secrets.${i}.env`,
        message: `the environment variable ${s.env} for secret "${s.id}" is ${s.env in env ? 'empty' : 'not set'}, so the build would get an empty secret. Set it before running (export ${s.env}=…, or your CI's secret variables), or remove the secret.`,
      });
    }
    if (s.src !== undefined) {
      const file = resolve(cwd, s.src);
      if (!(await stat(file).catch(() => undefined))?.isFile())
        problems.push({
          path: `secrets.${i}.src`,
          message: `no file at ${file} for secret "${s.id}". Create it, or point src at the file that holds the secret.`,
        });
    }
  }
  if (problems.length) throw new InvalidOptionError(problems, subject);
}

/** The build args whose names look like credentials (see {@link isSecretLikeName}). */
export function secretLikeBuildArgs(
  buildArgs: Readonly<Record<string, unknown>> | undefined,
): string[] {
  return Object.keys(buildArgs ?? {}).filter(isSecretLikeName);
}

/**
 * One warning for a build's secret-like build args: their values stay in the image
 * (`docker history --no-trunc`), so it shows the `secrets` option and the Dockerfile
 * line that replace each. The portable `cat /run/secrets/…` form works with the
 * Dockerfile frontend built into BuildKit 0.13; `env=` on a secret mount needs 1.10+.
 */
export function secretBuildArgWarning(
  buildArgs: Readonly<Record<string, unknown>> | undefined,
  subject = 'this build',
): string | undefined {
  const names = secretLikeBuildArgs(buildArgs);
  if (!names.length) return undefined;
  const id = (n: string) => n.toLowerCase();
  const first = names[0] as string;
  return (
    `build arg${names.length > 1 ? 's' : ''} ${names.join(', ')} of ${subject} look${names.length > 1 ? '' : 's'} like ${names.length > 1 ? 'secrets' : 'a secret'}: ` +
    'build arg values are stored in the image (docker history --no-trunc shows them). Pass ' +
    `${names.length > 1 ? 'them' : 'it'} as a secret instead — remove it from buildArgs and set\n` +
    `  "secrets": [${names.map((n) => `{ "id": "${id(n)}", "env": "${n}" }`).join(', ')}]\n` +
    `with ${names.map((n) => `$${n}`).join(', ')} set in the environment, and read it in the Dockerfile step that needs it:\n` +
    `  RUN --mount=type=secret,id=${id(first)} ${first}="$(cat /run/secrets/${id(first)})" <command>\n` +
    `  (with # syntax=docker/dockerfile:1.10 or later: RUN --mount=type=secret,id=${id(first)},env=${first} <command>)`
  );
}
