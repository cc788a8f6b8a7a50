// `docker build` arguments as @nx/docker's inferred targets carry them (`args`, run in the
// project's folder: `docker build .`) → docker-build options, whose paths are relative to
// the workspace root. Pure.
import { parseKeyValues } from '@nx-buildx/buildx';
import { isAbsolute, posix } from 'node:path';
import type { Note } from './notes';
import { mapOf } from './notes';

type Kind = 'list' | 'csv-list' | 'map' | 'text' | 'bool' | 'secret' | 'attestation';

/** Their flag → our option and how its value reads. */
const FLAGS: Record<string, [string, Kind]> = {
  '--tag': ['tags', 'list'],
  '-t': ['tags', 'list'],
  '--build-arg': ['buildArgs', 'map'],
  '--label': ['labels', 'map'],
  '--platform': ['platforms', 'csv-list'],
  '--target': ['target', 'text'],
  '--file': ['file', 'text'],
  '-f': ['file', 'text'],
  '--cache-from': ['cacheFrom', 'list'],
  '--cache-to': ['cacheTo', 'list'],
  '--no-cache': ['noCache', 'bool'],
  '--pull': ['pull', 'bool'],
  '--push': ['push', 'bool'],
  '--load': ['load', 'bool'],
  '--secret': ['secrets', 'secret'],
  '--ssh': ['ssh', 'list'],
  '--network': ['network', 'text'],
  '--add-host': ['addHosts', 'list'],
  '--build-context': ['buildContexts', 'map'],
  '--progress': ['progress', 'text'],
  '--annotation': ['annotations', 'list'],
  '--provenance': ['provenance', 'attestation'],
  '--sbom': ['sbom', 'attestation'],
  '--attest': ['attests', 'list'],
  '--shm-size': ['shmSize', 'text'],
  '--ulimit': ['ulimits', 'list'],
  '--cgroup-parent': ['cgroupParent', 'text'],
  '--output': ['outputs', 'list'],
  '-o': ['outputs', 'list'],
  '--iidfile': ['iidFile', 'text'],
  '--allow': ['allow', 'csv-list'],
  '--no-cache-filter': ['noCacheFilter', 'csv-list'],
  '--builder': ['builder', 'text'],
};
const BOOLEAN_FLAGS = new Set(['--no-cache', '--pull', '--push', '--load', '--quiet', '-q']);

/** Splits `--tag "a b"` the way a shell would (quotes and backslashes; no expansion). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word = (word ?? '') + text[++i];
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (ch === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** @nx/docker's tokens (interpolate-pattern) in terms of this plugin's. */
export interface Tokens {
  projectRoot: string;
  projectName: string;
  imageRef: string;
}

/**
 * Fills @nx/docker's tokens that are fixed per project; its per-build ones become the
 * placeholders here ({commitSha} → {sha}), which only tags and imageName fill. Returns
 * why when a token has no counterpart.
 */
export function fillTokens(text: string, t: Tokens, inTag: boolean): string | { why: string } {
  let why: string | undefined;
  const out = text.replace(/\{(env\.[^}]+|[^|{}]+(?:\|[^{}]+)?)\}/g, (whole, token: string) => {
    const fixed: Record<string, string> = {
      projectRoot: t.projectRoot,
      projectName: t.projectName,
      imageRef: t.imageRef,
    };
    if (fixed[token] !== undefined) return fixed[token];
    const dynamic: Record<string, string> = {
      commitSha: '{sha}',
      shortCommitSha: '{shortSha}',
      'currentDate|YYYYMMDD': '{date}',
    };
    if (dynamic[token] && inTag) return dynamic[token];
    why ??= token.startsWith('env.')
      ? `${whole} reads an environment variable, which options here do not; pass the value on the command line`
      : dynamic[token]
        ? `${whole} is filled in tags only here (as ${dynamic[token]})`
        : `${whole} has no placeholder here (there are {sha}, {shortSha}, {date} = YYYYMMDD, {branch}, {version}, {projectName} in tags)`;
    return whole;
  });
  return why ? { why } : out;
}

/** A path the CLI read relative to `cwd`, relative to the workspace root. */
const fromCwd = (cwd: string, p: string) =>
  isAbsolute(p) ? p : posix.normalize(posix.join(cwd, p));

/** `type=local,dest=cache` read in `cwd` → relative to the workspace root. */
function entryPaths(cwd: string, entry: string): string {
  if (!entry.includes('=')) return entry; // a registry reference
  try {
    const pairs = parseKeyValues(entry);
    const local = pairs.some(([k, v]) => k === 'type' && (v === 'local' || v === 'tar'));
    if (!local) return entry;
    return pairs
      .map(([k, v]) => `${k}=${k === 'src' || k === 'dest' ? fromCwd(cwd, v) : v}`)
      .join(',');
  } catch {
    return entry;
  }
}

/**
 * docker-build options for `docker build <args> .` run in `cwd` (workspace-relative).
 * Repeated flags add up, as docker reads them.
 */
export function convertDockerArgs(
  args: readonly string[],
  cwd: string,
  tokens: Tokens,
  where: string,
): { options: Record<string, unknown>; notes: Note[] } {
  const options: Record<string, unknown> = {};
  const notes: Note[] = [];
  const note = (option: string, why: string) => notes.push({ where, option, why });
  const words = args.flatMap((a) => shellWords(a));
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const takesValue = !BOOLEAN_FLAGS.has(flag);
    let value: string | undefined = eq > 0 ? word.slice(eq + 1) : undefined;
    if (
      value === undefined &&
      takesValue &&
      i + 1 < words.length &&
      !(words[i + 1] as string).startsWith('-')
    )
      value = words[++i];
    const shown = `args ${value === undefined ? flag : `${flag} ${value}`}`;
    if (flag === '--quiet' || flag === '-q') {
      options.progress = 'quiet';
      continue;
    }
    const mapped = FLAGS[flag];
    if (!mapped) {
      note(
        shown,
        flag.startsWith('-')
          ? `docker build ${flag} has no option here; dropped`
          : "not a flag (the context is the target's folder); dropped",
      );
      continue;
    }
    const [to, kind] = mapped;
    if (kind === 'bool') {
      options[to] = value === undefined || value === 'true';
      continue;
    }
    if (value === undefined) {
      note(shown, 'has no value; dropped');
      continue;
    }
    const filled = fillTokens(value, tokens, to === 'tags');
    if (typeof filled !== 'string') {
      note(shown, filled.why);
      continue;
    }
    addValue(options, to, kind, filled, cwd, (why) => note(shown, why));
  }
  return { options, notes };
}

function addValue(
  options: Record<string, unknown>,
  to: string,
  kind: Kind,
  value: string,
  cwd: string,
  problem: (why: string) => void,
): void {
  const push = (items: string[]) => {
    options[to] = [...((options[to] as string[] | undefined) ?? []), ...items];
  };
  switch (kind) {
    case 'list':
      push([
        to === 'cacheFrom' || to === 'cacheTo' || to === 'outputs' ? entryPaths(cwd, value) : value,
      ]);
      return;
    case 'csv-list':
      push(
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      return;
    case 'map': {
      const { map, bad } = mapOf([value]);
      if (bad.length && to === 'buildArgs')
        return problem(
          `passes ${value} from the environment, which options here do not; pass --buildArgs.${value}=… on the command line`,
        );
      if (bad.length) return problem('is not KEY=value; dropped');
      if (to === 'buildContexts')
        for (const [k, v] of Object.entries(map))
          if (!/^[a-z][a-z0-9+.-]*:/i.test(v)) map[k] = fromCwd(cwd, v); // a local folder
      options[to] = { ...((options[to] as object | undefined) ?? {}), ...map };
      return;
    }
    case 'text':
      options[to] = to === 'file' || to === 'iidFile' ? fromCwd(cwd, value) : value;
      return;
    case 'attestation':
      options[to] = value === 'true' ? true : value === 'false' ? false : value;
      return;
    case 'secret': {
      let attrs: Record<string, string>;
      try {
        attrs = Object.fromEntries(parseKeyValues(value));
      } catch (err) {
        return problem((err as Error).message);
      }
      const id = attrs.id;
      const src = attrs.src ?? attrs.source ?? (attrs.type === 'file' ? id : undefined);
      const env = attrs.env ?? (attrs.type === 'env' ? id : undefined);
      if (!id || Boolean(src) === Boolean(env))
        return problem('a secret needs id and one of src or env; dropped');
      const list = (options[to] as object[] | undefined) ?? [];
      options[to] = [...list, src ? { id, src: fromCwd(cwd, src) } : { id, env }];
      return;
    }
    default:
      problem('is not converted');
  }
}
