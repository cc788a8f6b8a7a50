/** `latest`: true adds the tag, false drops it, auto adds it only on the default branch. */
export type LatestRule = boolean | 'auto';

export interface BuildRef {
  branch?: string;
  tag?: string;
  pr?: string;
  /** The default branch as CI tells it. */
  defaultBranch?: string;
}

/**
 * The tag templates to fill, with their index in `tags` (for messages), after the latest
 * rule: with a rule set, a written `latest` entry follows the rule too. `auto` is
 * metadata-action's habit: `latest` marks what the default branch last built, never a PR
 * or a tag build. The default branch is CI's, else nx.json's defaultBase, else main.
 */
export function applyLatestRule(
  tags: readonly string[],
  rule: LatestRule | undefined,
  ref: BuildRef,
  defaultBase: string | undefined,
): Array<{ template: string; path: string }> {
  const entries = tags.map((template, i) => ({ template, path: `tags.${i}` }));
  if (rule === undefined) return entries;
  const onDefault =
    !ref.pr &&
    !ref.tag &&
    ref.branch !== undefined &&
    ref.branch === (ref.defaultBranch ?? defaultBase ?? 'main');
  if (rule === true || (rule === 'auto' && onDefault))
    return entries.some((e) => e.template === 'latest')
      ? entries
      : [...entries, { template: 'latest', path: 'latest' }];
  return entries.filter((e) => e.template !== 'latest');
}
