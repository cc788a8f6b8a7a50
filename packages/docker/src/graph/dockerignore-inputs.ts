import { posix } from 'node:path';

/**
 * .dockerignore → negative Nx inputs (`!{projectRoot}/…`, `!{workspaceRoot}/…`), so an
 * edit of a file the build never sees changes no hash. Docker's rules (moby's
 * patternmatcher): one pattern a line relative to the context, `#` comments, a leading
 * `/` and a trailing `/` mean nothing, `*` and `?` stay within a path segment, `**` spans
 * segments, `!` re-includes, the last matching pattern wins, and a pattern that matches a
 * directory excludes everything under it.
 *
 * Nx cannot say "excluded unless re-included later", so the translation is conservative:
 * a pattern becomes a negative input only when it can be written exactly and no later
 * `!` pattern may re-include part of it. Anything else keeps its files as inputs — a
 * spurious rebuild is acceptable, a missed one is not.
 */

/** One .dockerignore line: the cleaned pattern, and whether it re-includes (`!`). */
interface IgnoreRule {
  pattern: string;
  reinclude: boolean;
}

/**
 * The rules of a .dockerignore as Docker reads them: each pattern cleaned, `!` as a flag
 * (buildx's `parseDockerignore` keeps the raw lines instead).
 */
export function dockerignoreRules(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const reinclude = line.startsWith('!');
    if (reinclude) line = line.slice(1).trim();
    // Docker cleans the path (`./a/`, `a//b`, `/a` all mean `a`).
    const pattern = posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (pattern && pattern !== '.') rules.push({ pattern, reinclude });
  }
  return rules;
}

/** Characters whose Docker meaning the translation does not reproduce exactly. */
const UNTRANSLATABLE = /[[\]{}\\]/;
const WILDCARD = /[*?]/;

/**
 * The context-relative globs whose every match Docker surely leaves out of the context:
 * each kept pattern `p` gives `p` and `p/**` (what a directory match excludes).
 */
export function excludedGlobs(text: string): string[] {
  const rules = dockerignoreRules(text);
  const globs: string[] = [];
  rules.forEach((rule, i) => {
    if (rule.reinclude || UNTRANSLATABLE.test(rule.pattern)) return;
    if (rule.pattern === '..' || rule.pattern.startsWith('../')) return;
    const later = rules.slice(i + 1).filter((r) => r.reinclude);
    if (later.some((r) => mayOverlap(rule.pattern, r.pattern))) return;
    globs.push(rule.pattern, `${rule.pattern}/**`);
  });
  return globs;
}

/** Literal leading segments of a pattern, up to the first one with a wildcard. */
function literalPrefix(pattern: string): string[] {
  const segments = pattern.split('/');
  const first = segments.findIndex((s) => WILDCARD.test(s) || UNTRANSLATABLE.test(s));
  return first < 0 ? segments : segments.slice(0, first);
}

/** False only when the two patterns surely match disjoint paths (literal prefixes differ). */
function mayOverlap(a: string, b: string): boolean {
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) if (pa[i] !== pb[i]) return false;
  return true;
}

/**
 * A glob of the accepted subset (`*`, `?`, `**`, literals) as a RegExp with Docker's
 * meaning: `**` as a whole segment spans zero or more segments.
 */
export function globRegExp(glob: string): RegExp {
  const escape = (s: string) => s.replace(/[.+^$()|{}[\]\\]/g, '\\$&');
  const segment = (s: string) =>
    s
      .split(/(\*+|\?)/)
      .map((part) => (part === '?' ? '[^/]' : part.startsWith('*') ? '[^/]*' : escape(part)))
      .join('');
  const segments = glob.split('/');
  let source = '';
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '**') source += last ? '.*' : '(?:[^/]+/)*';
    else source += segment(s) + (last ? '' : '/');
  });
  return new RegExp(`^${source}$`);
}

/**
 * A workspace-relative glob as a glob of the project's own files (`{projectRoot}/…`),
 * or undefined when it matches none of them or cannot be narrowed exactly. A narrower
 * glob is safe: it only leaves some excluded files as inputs.
 */
function withinProject(glob: string, root: string): string | undefined {
  if (root === '' || root === '.') return glob;
  const g = glob.split('/');
  const r = root.split('/');
  for (let i = 0; i < r.length; i++) {
    const s = g[i];
    if (s === undefined) return undefined; // the glob stops above the project root
    if (s === '**') return ['**', ...g.slice(i + 1)].join('/'); // `**` spans the rest of the root
    if (WILDCARD.test(s)) return undefined; // would need matching a segment against a glob
    if (s !== r[i]) return undefined; // another folder
  }
  return g.slice(r.length).join('/');
}

/**
 * {@link excludedGlobs} made workspace-relative, with their matchers: the same for every
 * project that shares a .dockerignore and a context (the common case: the workspace
 * root's), so worked out once per process.
 */
const translations = new Map<string, Array<{ inWorkspace: string; re: RegExp }>>();
function translated(text: string, context: string) {
  const key = `${context}\0${text}`;
  let hit = translations.get(key);
  if (!hit) {
    hit = excludedGlobs(text).map((glob) => {
      const inWorkspace = context ? `${context}/${glob}` : glob;
      return { inWorkspace, re: globRegExp(inWorkspace) };
    });
    if (translations.size > 256) translations.clear(); // a bound, not a policy
    translations.set(key, hit);
  }
  return hit;
}

export interface IgnoreInputFacts {
  /** The .dockerignore that applies, as text (undefined: none). */
  text: string | undefined;
  /** The build context, workspace-relative (`''` is the workspace root). */
  context: string;
  /** The project root, workspace-relative (`.` or `''` for a root project). */
  root: string;
  /** The target's positive inputs, to add negations only where a positive exists. */
  inputs: readonly unknown[];
  /** Workspace-relative files no negation may drop (the Dockerfile, the .dockerignore). */
  keep: readonly string[];
}

/**
 * The negative inputs that leave the .dockerignore's exclusions out of the target's hash.
 * Nx applies a negation only to inputs of its own kind (`{projectRoot}` or
 * `{workspaceRoot}`), and a `{workspaceRoot}` negation without a positive of that kind
 * would make every workspace file an input: a kind without positives gets none.
 */
export function ignoreNegations(f: IgnoreInputFacts): string[] {
  if (!f.text) return [];
  const strings = f.inputs.filter((i): i is string => typeof i === 'string');
  const hasProject = strings.some((i) => i.startsWith('{projectRoot}'));
  const hasWorkspace = strings.some((i) => i.startsWith('{workspaceRoot}'));
  const root = f.root === '.' ? '' : f.root;
  const out: string[] = [];
  for (const { inWorkspace, re } of translated(f.text, f.context)) {
    if (f.keep.some((k) => re.test(k))) continue; // BuildKit reads those anyway
    if (hasWorkspace) out.push(`!{workspaceRoot}/${inWorkspace}`);
    const own = hasProject ? withinProject(inWorkspace, root) : undefined;
    // `''` is the project root itself: its `/**` twin covers what it holds.
    if (own) out.push(`!{projectRoot}/${own}`);
  }
  return out;
}
