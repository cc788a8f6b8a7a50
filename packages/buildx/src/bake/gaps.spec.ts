import { buildOptionsSchema } from '../build/options';
import { parseBuildxVersion } from '../builder/version';
import { parseOptions } from '../errors/zod-issues';
import { bakeGaps, bakeTargetFromBuild, needsBakeVersion } from './definition';
import { bakeArgv, bakeOptionsSchema } from './run';

const options = (o: Record<string, unknown>) =>
  parseOptions(buildOptionsSchema, { context: '.', ...o }, 'build');
const v = (raw: string) => parseBuildxVersion(`github.com/docker/buildx ${raw}`);

describe('bakeGaps: what a bake target of this buildx cannot carry', () => {
  it.each([
    [
      { network: 'host' },
      '0.13.1',
      ['network (bake reads "network" from buildx 0.17.0; this is 0.13.1)'],
    ],
    [{ network: 'host' }, '0.17.0', []],
    [{ network: 'host' }, '0.29.1', []],
    [{ iidFile: 'dist/id' }, '0.29.1', ['iidFile (bake has no field for --iidfile)']],
    [{ addHosts: ['db:10.0.0.5'] }, '0.29.1', ['addHosts (bake has no field for --add-host)']],
    [{ allow: ['network.host'] }, '0.29.1', ['allow (bake has no field for --allow)']],
    [{ cgroupParent: 'ci' }, '0.29.1', ['cgroupParent (bake has no field for --cgroup-parent)']],
    // Carried elsewhere: outputs, attest, run flags, bake's own metadata file.
    [
      { load: true, provenance: false, sbom: true, builder: 'b', metadataFile: 'm.json' },
      '0.13.1',
      [],
    ],
    [
      { buildArgs: { A: '1' }, target: 'x', buildContexts: { s: 'libs/s' }, shmSize: '1g' },
      '0.13.1',
      [],
    ],
  ])('%j on buildx %s: %j', (o, version, gaps) => {
    expect(bakeGaps(options(o), v(version))).toEqual(gaps);
  });

  it.each([
    [{ network: 'host' }, true],
    [{ iidFile: 'x' }, false],
    [{}, false],
  ])('needs the buildx version for %j: %s', (o, needed) => {
    expect(needsBakeVersion(options(o))).toBe(needed);
  });

  it('writes network in the bake target', () => {
    expect(bakeTargetFromBuild(options({ network: 'host' })).network).toBe('host');
  });

  it('grants entitlements to the bake run', () => {
    const o = parseOptions(
      bakeOptionsSchema,
      { files: ['b.json'], allow: ['network.host'] },
      'bake',
    );
    expect(bakeArgv(o).args).toEqual([
      'buildx',
      'bake',
      '--file',
      'b.json',
      '--allow',
      'network.host',
      '--progress',
      'plain',
    ]);
  });
});
