import { sanitizeTag } from './ref';
import { SEMVER_AT_END } from './semver';

/** Values for the `{…}` placeholders users put in tags. */
export interface PlaceholderValues {
  sha?: string;
  /** The branch built; undefined on a tag build (see readGitInfo). */
  branch?: string;
  /** The git tag built. */
  tag?: string;
  /** The pull/merge request number. */
  pr?: string;
  version?: string;
  projectName: string;
  date: Date;
}

export const PLACEHOLDERS = [
  'sha',
  'shortSha',
  'branch',
  'ref',
  'tag',
  'pr',
  'version',
  'major',
  'minor',
  'patch',
  'projectName',
  'date',
  'date:FORMAT',
] as const;

/**
 * Placeholders only some builds have: a tag that uses one is left out of a build without
 * it (no `pr-{pr}` tag on a push, no `{major}` on a pre-release), the way metadata-action
 * applies a rule only to its event. One list of tags then serves every event.
 */
export const EVENT_PLACEHOLDERS: readonly string[] = [
  'branch',
  'tag',
  'pr',
  'major',
  'minor',
  'patch',
];

/** Placeholders whose values come from git (or CI): a build using none runs no git. */
export const GIT_PLACEHOLDERS: readonly string[] = [
  'sha',
  'shortSha',
  'ref',
  ...EVENT_PLACEHOLDERS,
];

/**
 * Replaces the placeholders of {@link PLACEHOLDERS}. A placeholder whose value is unknown
 * (no git checkout, no package.json version) or unheard of is an error naming it: a tag
 * like `app:` would otherwise be built.
 */
export function interpolate(template: string, v: PlaceholderValues, option = 'tags'): string {
  return fill(template, v, option, false) as string;
}

/**
 * Like {@link interpolate}, for one entry of `tags`: undefined when an event placeholder
 * ({@link EVENT_PLACEHOLDERS}) has no value in this build, so the entry is left out.
 */
export function interpolateTag(
  template: string,
  v: PlaceholderValues,
  option: string,
): string | undefined {
  return fill(template, v, option, true);
}

function fill(
  template: string,
  v: PlaceholderValues,
  option: string,
  skipEventless: boolean,
): string | undefined {
  let skipped = false;
  const out = template.replace(/\{([^}]*)\}/g, (whole, key: string) => {
    const value = valueOf(key, v);
    if (value !== undefined) return value;
    if (!isKnown(key)) {
      throw new Error(
        `${option}: unknown placeholder ${whole} in "${template}" (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
      );
    }
    if (skipEventless && EVENT_PLACEHOLDERS.includes(key)) {
      skipped = true;
      return whole;
    }
    throw new Error(
      `${option}: ${whole} in "${template}" has no value here: ${WHY_MISSING[key] ?? 'it is unknown'}`,
    );
  });
  return skipped ? undefined : out;
}

function isKnown(key: string): boolean {
  return (PLACEHOLDERS as readonly string[]).includes(key) || key.startsWith('date:');
}

const NO_RELEASE =
  'neither the git tag built nor the package.json version is a release version x.y.z (a pre-release has only {version} and {tag})';
const WHY_MISSING: Record<string, string> = {
  sha: 'this is not a git checkout and no CI variable gives the commit',
  shortSha: 'this is not a git checkout and no CI variable gives the commit',
  branch: 'no branch is built here (a tag build, or a detached HEAD off CI)',
  ref: 'neither a branch nor a tag is built here (a detached HEAD off CI)',
  tag: 'the commit built is not a git tag',
  pr: 'this is not a pull/merge request build',
  version: "the project's package.json has no version",
  major: NO_RELEASE,
  minor: NO_RELEASE,
  patch: NO_RELEASE,
};

function valueOf(key: string, v: PlaceholderValues): string | undefined {
  if (key.startsWith('date:')) return formatDate(v.date, key.slice('date:'.length));
  switch (key) {
    case 'sha':
      return v.sha;
    case 'shortSha':
      return v.sha?.slice(0, 7);
    case 'branch':
      return v.branch === undefined ? undefined : sanitizeTag(v.branch);
    case 'ref': {
      const ref = v.tag ?? v.branch;
      return ref === undefined ? undefined : sanitizeTag(ref);
    }
    case 'tag':
      return v.tag === undefined ? undefined : sanitizeTag(v.tag);
    case 'pr':
      return v.pr;
    case 'version':
      return v.version;
    case 'major':
    case 'minor':
    case 'patch':
      return releaseVersion(v)?.[key];
    case 'projectName':
      return v.projectName;
    case 'date':
      return formatDate(v.date, 'YYYYMMDD');
    default:
      return undefined;
  }
}

// The version ends the tag, after its start or a prefix such as `api@` or `release-`.
const VERSION_AT_END = new RegExp(`(?:^|[^\\d.])${SEMVER_AT_END}`);

/**
 * x.y.z from the git tag built (`v1.2.3`, `api@1.2.3`, `release-1.2.3`), else from the
 * project's version. A pre-release gives none: `{major}` must not move to an rc.
 */
export function releaseVersion(
  v: Pick<PlaceholderValues, 'tag' | 'version'>,
): { major: string; minor: string; patch: string } | undefined {
  const semver = (s: string | undefined) => (s === undefined ? undefined : VERSION_AT_END.exec(s));
  const m = semver(v.tag) ?? semver(v.version);
  if (!m || m[4]) return undefined;
  return { major: m[1] as string, minor: m[2] as string, patch: m[3] as string };
}

/** `{date:YYYYMMDD-HHmm}`: YYYY YY MM DD HH mm ss, in UTC (a tag must not depend on the agent's zone). */
export function formatDate(date: Date, format: string): string {
  const iso = date.toISOString(); // 2026-11-27T10:00:00.000Z
  const parts: Record<string, string> = {
    YYYY: iso.slice(0, 4),
    YY: iso.slice(2, 4),
    MM: iso.slice(5, 7),
    DD: iso.slice(8, 10),
    HH: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
  };
  return format.replace(/YYYY|YY|MM|DD|HH|mm|ss/g, (t) => parts[t] as string);
}
