import type { DockerfileInfo } from '@nx-buildx/buildx/dockerfile';

/**
 * The COPY/ADD instructions of a plain Dockerfile, read line by line — what inference
 * needs, without loading and running dockerfile-ast (most of a cold graph's cost:
 * docs/benchmarks.md). Undefined whenever the text uses anything a line reader could get
 * wrong: a parser directive, a line continuation, a heredoc, quotes, the JSON form of
 * COPY/ADD, a `--from` without a value, a `RUN --mount`, or no FROM (the full parser then reports it). The result
 * equals `parseDockerfile(text).copies` (quick-copies.spec.ts checks it on the same texts).
 */
export function quickCopies(text: string): DockerfileInfo['copies'] | undefined {
  if (/^\s*#\s*(escape|syntax|check)\s*=/im.test(text)) return undefined;
  const copies: DockerfileInfo['copies'] = [];
  let stage = -1;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line || line.startsWith('#')) continue;
    if (line.endsWith('\\') || line.includes('<<')) return undefined;
    if (/--mount\b/i.test(line)) return undefined; // a RUN bind mount reads files too
    const words = line.split(/\s+/);
    const keyword = (words[0] as string).toUpperCase();
    if (keyword === 'FROM') stage++;
    if (keyword !== 'COPY' && keyword !== 'ADD') continue;
    if (stage < 0 || /["'`[]/.test(line)) return undefined;
    const args = words.slice(1);
    const flags = args.filter((w) => w.startsWith('--'));
    if (flags.some((f) => /^--from(=?)$/.test(f))) return undefined; // `--from x`, `--from=`
    const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
    copies.push({
      instruction: keyword,
      stage,
      from: from || undefined,
      sources: args.filter((w) => !w.startsWith('--')).slice(0, -1),
      line: i + 1,
    });
  }
  return stage < 0 ? undefined : copies;
}
