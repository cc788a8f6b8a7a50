import {
  excludedGlobs,
  globRegExp,
  ignoreNegations,
  dockerignoreRules,
} from './dockerignore-inputs';

describe('dockerignoreRules', () => {
  it('reads patterns as Docker does: comments, blanks, leading and trailing slashes, ./ and !', () => {
    expect(dockerignoreRules('# c\n\n /tmp/ \n./a//b\n! keep.md\n.\n')).toEqual([
      { pattern: 'tmp', reinclude: false },
      { pattern: 'a/b', reinclude: false },
      { pattern: 'keep.md', reinclude: true },
    ]);
  });
});

describe('excludedGlobs', () => {
  it('excludes each pattern and everything under it (a directory match)', () => {
    expect(excludedGlobs('node_modules\n**/*.test.ts\n')).toEqual([
      'node_modules',
      'node_modules/**',
      '**/*.test.ts',
      '**/*.test.ts/**',
    ]);
  });

  it('drops a pattern a later ! may re-include, keeps one it surely does not', () => {
    expect(excludedGlobs('*.md\n!README.md\n')).toEqual([]);
    expect(excludedGlobs('docs\n!src/keep.md\n')).toEqual(['docs', 'docs/**']);
    expect(excludedGlobs('docs\n!docs/keep.md\n')).toEqual([]);
    expect(excludedGlobs('*\n!apps/api\n')).toEqual([]);
    // A re-include before the exclusion is overridden by it: the exclusion holds.
    expect(excludedGlobs('!docs/keep.md\ndocs\n')).toEqual(['docs', 'docs/**']);
  });

  it('keeps as inputs what it cannot write exactly: classes, braces, escapes, ..', () => {
    expect(excludedGlobs('[ab].txt\n{a,b}\nfoo\\*\n../x\n')).toEqual([]);
  });
});

describe('globRegExp', () => {
  it.each([
    ['*.md', 'README.md', true],
    ['*.md', 'docs/a.md', false], // Docker's * stays in its segment, unlike .gitignore
    ['*.md', '.hidden.md', true],
    ['**/*.md', 'README.md', true],
    ['**/*.md', 'a/b/c.md', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**', 'a/x/y', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globRegExp(glob).test(path)).toBe(expected);
  });
});

describe('ignoreNegations', () => {
  const base = {
    context: '',
    root: 'apps/api',
    inputs: ['{projectRoot}/Dockerfile', '{workspaceRoot}/.dockerignore', '{projectRoot}/src/**/*'],
    keep: ['apps/api/Dockerfile', '.dockerignore'],
  };

  it('writes each exclusion for both kinds of input, narrowed to the project where it can', () => {
    expect(ignoreNegations({ ...base, text: '**/*.spec.ts\napps/api/src/fixtures\n' })).toEqual([
      '!{workspaceRoot}/**/*.spec.ts',
      '!{projectRoot}/**/*.spec.ts',
      '!{workspaceRoot}/**/*.spec.ts/**',
      '!{projectRoot}/**/*.spec.ts/**',
      '!{workspaceRoot}/apps/api/src/fixtures',
      '!{projectRoot}/src/fixtures',
      '!{workspaceRoot}/apps/api/src/fixtures/**',
      '!{projectRoot}/src/fixtures/**',
    ]);
  });

  it('leaves out project negations it cannot narrow, and those of other folders', () => {
    expect(ignoreNegations({ ...base, text: 'apps/*/tmp\nlibs/x\n' })).toEqual([
      '!{workspaceRoot}/apps/*/tmp',
      '!{workspaceRoot}/apps/*/tmp/**',
      '!{workspaceRoot}/libs/x',
      '!{workspaceRoot}/libs/x/**',
    ]);
  });

  it('never drops the Dockerfile or the .dockerignore, which BuildKit reads anyway', () => {
    expect(ignoreNegations({ ...base, text: '**/Dockerfile\n.dockerignore\n' })).toEqual([
      '!{workspaceRoot}/**/Dockerfile/**',
      '!{projectRoot}/**/Dockerfile/**',
      '!{workspaceRoot}/.dockerignore/**',
    ]);
  });

  it('adds no negation of a kind without positives (Nx would take every file of the workspace)', () => {
    const own = ignoreNegations({
      ...base,
      context: 'apps/api',
      inputs: ['{projectRoot}/Dockerfile', '{projectRoot}/.dockerignore', '{projectRoot}/src/**/*'],
      keep: ['apps/api/Dockerfile', 'apps/api/.dockerignore'],
      text: 'src/*.log\n',
    });
    expect(own).toEqual(['!{projectRoot}/src/*.log', '!{projectRoot}/src/*.log/**']);
  });

  it('is empty without a .dockerignore', () => {
    expect(ignoreNegations({ ...base, text: undefined })).toEqual([]);
  });
});
