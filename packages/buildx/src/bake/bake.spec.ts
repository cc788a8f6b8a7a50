import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseOptions } from '../errors/zod-issues';
import { buildOptionsSchema } from '../build/options';
import type { ProcessRunner } from '../process/runner';
import { bakeTargetFromBuild, bakeTargetName } from './definition';
import type { BakeOptionsInput } from './run';
import { bakeArgv, bakeOptionsSchema, parseBakePrint, runBake } from './run';

const fixture = (name: string) => readFileSync(`${__dirname}/../__fixtures__/${name}`, 'utf8');
const argv = (o: BakeOptionsInput, mode?: 'build' | 'print') =>
  bakeArgv(parseOptions(bakeOptionsSchema, o), mode).args;

describe('bake', () => {
  it('builds bake argv with files, overrides, outputs and targets last', () => {
    expect(argv({ files: ['a.hcl', 'b.json'], targets: ['api', 'web'], set: ['*.platform=linux/arm64'], load: true, noCache: true, metadataFile: 'm.json', builder: 'ci' })).toEqual([
      'buildx', 'bake', '--builder', 'ci', '--file', 'a.hcl', '--file', 'b.json', '--set', '*.platform=linux/arm64',
      '--load', '--no-cache', '--metadata-file', 'm.json', '--progress', 'plain', 'api', 'web',
    ]); // prettier-ignore
    expect(argv({ files: ['a.hcl'], targets: ['api'], push: true }, 'print')).toEqual([
      'buildx',
      'bake',
      '--file',
      'a.hcl',
      '--print',
      'api',
    ]);
  });

  it.each([
    [{ files: [] }, /files: at least one bake file/],
    [{ files: ['x'], set: ['platform'] }, /set.0: must look like target.key=value/],
    [{ files: ['x'], target: ['a'] }, /did you mean "targets"/],
  ])('rejects %j', (o, message) => expect(() => argv(o as BakeOptionsInput)).toThrow(message));

  it('reads bake --print output (captured from buildx 0.13) into the typed definition', () => {
    const def = parseBakePrint(fixture('bake-print.json'));
    expect(def.group?.default?.targets).toEqual(['base', 'app']);
    expect(def.target.app).toEqual({
      context: '.',
      contexts: { base: 'target:base' },
      dockerfile: 'app.Dockerfile',
      tags: ['bk/app:1'],
    });
  });

  it('turns build options into the equivalent bake target', () => {
    const o = parseOptions(buildOptionsSchema, {
      context: '.',
      file: 'apps/api/Dockerfile',
      tags: ['api:1'],
      buildArgs: { A: '1' },
      secrets: [{ id: 's', env: 'S' }],
      buildContexts: { base: 'target:base' },
      cacheFrom: ['type=local,src=/c'],
      load: true,
      platforms: ['linux/amd64'],
    });
    expect(bakeTargetFromBuild(o)).toEqual({
      context: '.',
      dockerfile: 'apps/api/Dockerfile',
      tags: ['api:1'],
      platforms: ['linux/amd64'],
      args: { A: '1' },
      secret: ['id=s,env=S'],
      contexts: { base: 'target:base' },
      'cache-from': ['type=local,src=/c'],
      output: ['type=docker'],
    });
  });

  it('names the Dockerfile as bake reads it: relative to the context, or cwd:// from an absolute one', () => {
    const dockerfile = (context: string, file?: string) =>
      bakeTargetFromBuild(parseOptions(buildOptionsSchema, { context, file, load: true }))
        .dockerfile;
    expect(dockerfile('apps/api', 'apps/api/Dockerfile')).toBe('Dockerfile');
    expect(dockerfile('apps/api', 'docker/api.Dockerfile')).toBe('../../docker/api.Dockerfile');
    expect(dockerfile('/srv/ctx', 'apps/api/Dockerfile')).toBe('cwd://apps/api/Dockerfile');
    expect(dockerfile('apps/api', '/abs/Dockerfile')).toBe('/abs/Dockerfile');
    expect(dockerfile('https://example.com/r.git', 'Dockerfile')).toBe('Dockerfile');
    expect(dockerfile('apps/api')).toBeUndefined(); // bake's default: <context>/Dockerfile
  });

  it('writes provenance and sbom as attest entries (bake has no fields for them)', () => {
    const target = (o: Record<string, unknown>) =>
      bakeTargetFromBuild(parseOptions(buildOptionsSchema, { context: '.', load: true, ...o }))
        .attest;
    expect(target({ provenance: false })).toEqual(['type=provenance,disabled=true']);
    expect(target({ provenance: 'mode=max', sbom: true, attests: ['type=x'] })).toEqual([
      'type=x',
      'type=provenance,mode=max',
      'type=sbom',
    ]);
    expect(target({})).toBeUndefined();
  });

  it('makes project names valid target names', () => {
    expect(bakeTargetName('@acme/api.v2')).toBe('acme-api-v2');
  });

  it('reports each target from the metadata file and attributes steps by target prefix', async () => {
    // A recorded bake (progress + metadata of the real engine) replayed by a fake runner:
    // this tests our parsing, not docker.
    const replay: ProcessRunner = {
      async run(file, args, options) {
        const metadataFile = args[args.indexOf('--metadata-file') + 1] as string;
        await writeFile(metadataFile, fixture('rawjson-bake-metadata.json'));
        for (const line of fixture('rawjson-bake.txt').split('\n'))
          options?.onLine?.(line, 'stderr');
        return {
          command: [file, ...args].join(' '),
          exitCode: 0,
          stdout: '',
          stderr: '',
          durationMs: 5,
        };
      },
    };
    const result = await runBake({ files: ['bake.json'] }, { runner: replay });
    expect(Object.keys(result.targets).sort()).toEqual(['one', 'two']);
    expect(result.targets.one).toMatchObject({
      digest: expect.stringMatching(/^sha256:/),
      imageNames: ['docker.io/library/pm-one:1'],
      steps: { run: 3, cached: 0 },
    });
    expect(result.targets.two?.steps).toEqual({ run: 1, cached: 0 });
    expect(result.steps).toMatchObject({ run: 4, cached: 0 });
  });
});
