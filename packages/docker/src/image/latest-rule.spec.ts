import { applyLatestRule } from './latest-rule';

const templates = (
  tags: string[],
  ...rest: Parameters<typeof applyLatestRule> extends [unknown, ...infer R] ? R : never
) => applyLatestRule(tags, ...rest).map((e) => e.template);

describe('applyLatestRule', () => {
  it.each([
    [
      'auto on the default branch (CI says trunk)',
      'auto',
      { branch: 'trunk', defaultBranch: 'trunk' },
      undefined,
      ['{shortSha}', 'latest'],
    ],
    [
      'auto on the default branch (nx.json defaultBase)',
      'auto',
      { branch: 'develop' },
      'develop',
      ['{shortSha}', 'latest'],
    ],
    [
      'auto on main when nothing says otherwise',
      'auto',
      { branch: 'main' },
      undefined,
      ['{shortSha}', 'latest'],
    ],
    [
      'auto on another branch',
      'auto',
      { branch: 'feat/x', defaultBranch: 'main' },
      undefined,
      ['{shortSha}'],
    ],
    [
      'auto on a PR from the default branch',
      'auto',
      { branch: 'main', pr: '3' },
      undefined,
      ['{shortSha}'],
    ],
    ['auto on a tag build', 'auto', { tag: 'v1.0.0' }, undefined, ['{shortSha}']],
    ['true anywhere', true, { branch: 'feat/x' }, undefined, ['{shortSha}', 'latest']],
  ] as const)('%s', (_name, rule, ref, defaultBase, expected) => {
    expect(templates(['{shortSha}'], rule, ref, defaultBase)).toEqual(expected);
  });

  it('applies the rule to a latest written in tags, keeping its place', () => {
    expect(templates(['latest', '{shortSha}'], 'auto', { branch: 'feat/x' }, undefined)).toEqual([
      '{shortSha}',
    ]);
    expect(templates(['latest', '{shortSha}'], false, { branch: 'main' }, undefined)).toEqual([
      '{shortSha}',
    ]);
    expect(templates(['latest', '{shortSha}'], true, {}, undefined)).toEqual([
      'latest',
      '{shortSha}',
    ]);
  });

  it('keeps tags as written without a rule, and names the added entry for messages', () => {
    expect(templates(['latest'], undefined, { branch: 'feat/x' }, undefined)).toEqual(['latest']);
    expect(applyLatestRule(['a'], true, {}, undefined)).toEqual([
      { template: 'a', path: 'tags.0' },
      { template: 'latest', path: 'latest' },
    ]);
  });
});
