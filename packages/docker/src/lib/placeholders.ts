import { sanitizeTag } from './image-ref';

/** Values for the `{…}` placeholders users put in tags. */
export interface PlaceholderValues {
  sha?: string;
  branch?: string;
  version?: string;
  projectName: string;
  date: Date;
}

export const PLACEHOLDERS = [
  'sha',
  'shortSha',
  'branch',
  'version',
  'projectName',
  'date',
] as const;

/**
 * Replaces `{sha}`, `{shortSha}`, `{branch}`, `{version}`, `{projectName}` and `{date}`.
 * A placeholder whose value is unknown (no git checkout, no package.json version) or
 * unheard of is an error naming it: a tag like `app:` would otherwise be built.
 */
export function interpolate(template: string, v: PlaceholderValues, option = 'tags'): string {
  return template.replace(/\{([^}]*)\}/g, (whole, key: string) => {
    const value = valueOf(key, v);
    if (value === undefined) {
      if (!(PLACEHOLDERS as readonly string[]).includes(key)) {
        throw new Error(
          `${option}: unknown placeholder ${whole} in "${template}" (known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
        );
      }
      throw new Error(
        `${option}: ${whole} in "${template}" has no value here: ${WHY_MISSING[key] ?? 'it is unknown'}`,
      );
    }
    return value;
  });
}

const WHY_MISSING: Record<string, string> = {
  sha: 'this is not a git checkout and GITHUB_SHA is not set',
  shortSha: 'this is not a git checkout and GITHUB_SHA is not set',
  branch: 'HEAD is detached and no CI branch variable (GITHUB_REF_NAME) is set',
  version: "the project's package.json has no version",
};

function valueOf(key: string, v: PlaceholderValues): string | undefined {
  switch (key) {
    case 'sha':
      return v.sha;
    case 'shortSha':
      return v.sha?.slice(0, 7);
    case 'branch':
      return v.branch === undefined ? undefined : sanitizeTag(v.branch);
    case 'version':
      return v.version;
    case 'projectName':
      return v.projectName;
    case 'date':
      return v.date.toISOString().slice(0, 10).replace(/-/g, '');
    default:
      return undefined;
  }
}
