import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The most of a Dockerfile the graph reads: real ones are a few kB, BuildKit's own limit is far above. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/**
 * A Dockerfile's text for the graph, read only when it is a regular file of at most
 * {@link MAX_DOCKERFILE_BYTES}: a 200 MB file, or a link to /dev/zero, must not take
 * every nx command down with it ("Invalid string length", or memory without end).
 * Throws an Error whose message names the file and what is wrong with it.
 */
export function readDockerfileText(path: string, shown = path): string {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new Error(`${shown} is not a regular file (a device, pipe or folder behind it)`);
    if (stat.size > MAX_DOCKERFILE_BYTES)
      throw new Error(
        `${shown} is ${(stat.size / 1024 / 1024).toFixed(0)} MB, larger than the ${MAX_DOCKERFILE_BYTES / 1024 / 1024} MiB the graph reads of a Dockerfile`,
      );
    // Read at most the cap even if the file grew since fstat.
    const buf = Buffer.alloc(Math.min(stat.size, MAX_DOCKERFILE_BYTES) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
      if (n > MAX_DOCKERFILE_BYTES)
        throw new Error(
          `${shown} grew past the ${MAX_DOCKERFILE_BYTES / 1024 / 1024} MiB the graph reads of a Dockerfile`,
        );
      if (n === buf.length) break;
    }
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Why Nx's hasher would refuse `pattern` as a glob (an unclosed `[` or `{`), or undefined.
 * One refused input blocks every task of a run, not only this project's.
 */
export function globProblem(pattern: string): string | undefined {
  let bracket = -1;
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (bracket >= 0) {
      // `[]x]` and `[!]x]`: a `]` right after the opening is a member, not the end
      if (
        c === ']' &&
        i > bracket + 1 &&
        !(i === bracket + 2 && '!^'.includes(pattern[bracket + 1] ?? ''))
      )
        bracket = -1;
      continue;
    }
    if (c === '[') bracket = i;
    else if (c === '{') braces++;
    else if (c === '}') {
      if (braces === 0) return `an unopened } in "${pattern}"`;
      braces--;
    }
  }
  if (bracket >= 0) return `an unclosed [ in "${pattern}"`;
  if (braces > 0) return `an unclosed { in "${pattern}"`;
  return undefined;
}
