import type { BuildxError } from './errors';
import {
  CacheRegistryError,
  EngineTransientError,
  RegistryServerError,
  RegistryUnreachableError,
} from './registry';

/**
 * Registry and engine failures in docker's words (buildx 0.29, captured in
 * __fixtures__/buildx-0.29/registry-*.txt): a 500, a refused port and a failed cache
 * export all end as `ERROR: failed to solve: …` and would read as a failed build step.
 */
export function registryErrorFromOutput(
  operation: string,
  text: string,
  args: readonly string[],
): BuildxError | undefined {
  const lines = text.split(/\r?\n/);
  const transient = lines.find((l) => /parent snapshot \S+ does not exist/.test(l));
  if (transient) return new EngineTransientError(operation, transient.trim());
  const line = [...lines]
    .reverse()
    .find((l) => /^ERROR[: ]/.test(l))
    ?.trim();
  if (!line) return undefined;
  const url =
    /(?:HEAD|GET|PUT|POST|PATCH) request to (https?:\/\/[^/\s]+\/v2\/\S+?):|"(https?:\/\/[^/"]+\/v2\/[^"]+)"/.exec(
      line,
    );
  const target = url ? new URL((url[1] ?? url[2]) as string) : undefined;
  if (!target) return undefined;
  const registry = target.host;
  const repository = /^\/v2\/(.+?)\/(?:blobs|manifests)\//.exec(target.pathname)?.[1];
  const status = /: (5\d\d [A-Za-z ]+)$/.exec(line)?.[1];
  const refused =
    /connect: (connection refused|no route to host|network is unreachable)|dial tcp: lookup \S+: (no such host)/.exec(
      line,
    );
  const reason = status ? `it answered ${status} (a server error)` : (refused?.[1] ?? refused?.[2]);
  if (!reason) return undefined;
  const cacheRef = registryCacheRefs(args).find(
    (ref) => repository && ref.startsWith(`${registry}/${repository}:`),
  );
  if (cacheRef || /error writing layer blob|exporting cache|importing cache/.test(line)) {
    const ref = cacheRef ?? registryCacheRefs(args)[0] ?? `${registry}/${repository}`;
    return new CacheRegistryError('export', ref, `the registry at ${registry}: ${reason}`, line);
  }
  const what = /failed to push/.test(line)
    ? `pushing ${/failed to push (\S+?):? /.exec(line)?.[1] ?? 'the image'}`
    : 'talking to it';
  return status
    ? new RegistryServerError(registry, status, what, line)
    : new RegistryUnreachableError(registry, reason, what, line);
}

/** The refs of `--cache-to type=registry,ref=…` values in an argv. */
function registryCacheRefs(args: readonly string[]): string[] {
  return args
    .flatMap((a, i) => (args[i - 1] === '--cache-to' ? [a] : []))
    .filter((v) => /(^|,)type=registry(,|$)/.test(v))
    .flatMap((v) => /(?:^|,)ref=([^,]+)/.exec(v)?.[1] ?? []);
}
