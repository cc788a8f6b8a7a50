// The packed plugin must install beside every Nx it supports, prereleases included, without
// npm nesting a second @nx/devkit or refusing the nx peer (a plain ">=22 <24" rejects
// 23.0.0-rc.4: semver ranges admit a prerelease only through a comparator on its x.y.z).
// The e2e matrix (e2e/src/nx-versions.e2e.ts) installs the newest 22, 23 and 24 beside it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { satisfies } from 'semver';

const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8'));
const ranges = {
  'dependencies @nx/devkit': pkg.dependencies['@nx/devkit'],
  'peerDependencies nx': pkg.peerDependencies.nx,
};

describe.each(Object.entries(ranges))('%s', (_, range: string) => {
  it.each([
    '22.0.0',
    '22.0.0-beta.3',
    '22.7.12',
    '23.0.0-beta.25',
    '23.0.0-rc.4',
    '23.0.0',
    '23.1.0-rc.0',
    '23.2.0-canary.20260908-89f02c1',
    '23.2.1',
    '23.3.0-beta.5',
    '23.3.2',
    '24.0.0-beta.1',
    '24.0.0-rc.2',
    '24.0.0',
    '24.0.6',
    '24.1.0-beta.0',
    '24.1.3',
  ])('accepts %s', (version) => expect(satisfies(version, range)).toBe(true));

  it.each(['21.6.10', '21.0.0-rc.1', '25.0.0-beta.1', '25.0.0', '25.1.0'])('refuses %s', (v) =>
    expect(satisfies(v, range)).toBe(false),
  );
});

it('the README states the supported range', () => {
  const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
  expect(readme).toContain('Nx 22, 23 and 24, prereleases included');
});
