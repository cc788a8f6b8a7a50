import { sanitizeTag } from './ref';
import { SEMVER_AT_END } from './semver';

/** A release version split as semver reads it (a leading `v` is allowed). */
export interface ReleaseVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease?: string;
  /** The version as an image tag (`+build` metadata is not allowed in tags: `+` → `-`). */
  tag: string;
}

const SEMVER = new RegExp(`^${SEMVER_AT_END}`);

/** `1.2.3-rc.1+b5` → its parts, or undefined when it is not a semver version. */
export function parseReleaseVersion(version: string): ReleaseVersion | undefined {
  const m = SEMVER.exec(version.trim());
  if (!m) return undefined;
  const [, major, minor, patch, prerelease] = m as unknown as [
    string,
    string,
    string,
    string,
    string?,
  ];
  return { major, minor, patch, prerelease, tag: sanitizeTag(version.trim().replace(/^v/, '')) };
}

/**
 * The tags a release gets: the version, then (`aliases`, stable versions only) `1.2`
 * and `1` — a prerelease must not move the tags people pin to — then `latest` when
 * asked, then an extra tag (nx release's `--tag`). No duplicates, in that order.
 */
export function releaseTags(
  v: ReleaseVersion,
  o: { aliases: boolean; latest: boolean; extra?: string },
): string[] {
  const tags = [v.tag];
  if (o.aliases && !v.prerelease) tags.push(`${v.major}.${v.minor}`, v.major);
  if (o.latest && !v.prerelease) tags.push('latest');
  if (o.extra) tags.push(o.extra);
  return [...new Set(tags)];
}
