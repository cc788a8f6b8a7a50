import { convertDockerArgs, fillTokens, shellWords } from './docker-cli-args';
import { noteLine } from './notes';

const tokens = { projectRoot: 'apps/api', projectName: 'api', imageRef: 'apps-api' };
const convert = (args: string[], cwd = 'apps/api') =>
  convertDockerArgs(args, cwd, tokens, 'api:docker:build');

describe('shellWords', () => {
  test.each([
    ['--tag a  --pull', ['--tag', 'a', '--pull']],
    ['--label "a=b c"', ['--label', 'a=b c']],
    ['--label \'x="y"\'', ['--label', 'x="y"']],
    ['--build-arg A=b\\ c', ['--build-arg', 'A=b c']],
    ['--build-arg A=""', ['--build-arg', 'A=']],
  ])('%s', (text, words) => expect(shellWords(text)).toEqual(words));
});

describe('fillTokens', () => {
  test.each([
    ['{projectRoot}/x', false, 'apps/api/x'],
    ['{imageRef}:{shortCommitSha}', true, 'apps-api:{shortSha}'],
    ['{projectName}-{commitSha}', true, 'api-{sha}'],
    ['{currentDate|YYYYMMDD}', true, '{date}'],
  ])('%s', (text, inTag, out) => expect(fillTokens(text, tokens, inTag)).toBe(out));

  test.each([
    ['{env.TOKEN}', true, /reads an environment variable/],
    ['{commitSha}', false, /filled in tags only here \(as \{sha\}\)/],
    ['{currentDate}', true, /has no placeholder here/],
  ])('%s is refused', (text, inTag, why) =>
    expect(fillTokens(text, tokens, inTag)).toEqual({ why: expect.stringMatching(why) }),
  );
});

describe('docker build args → options', () => {
  test.each<[string[], Record<string, unknown>]>([
    [['--tag apps-api', '-t api:1'], { tags: ['apps-api', 'api:1'] }],
    [['--build-arg A=1 --build-arg=B=2'], { buildArgs: { A: '1', B: '2' } }],
    [['--label a=1'], { labels: { a: '1' } }],
    [['--platform linux/amd64,linux/arm64'], { platforms: ['linux/amd64', 'linux/arm64'] }],
    [
      ['--target prod --network host --shm-size 64m'],
      { target: 'prod', network: 'host', shmSize: '64m' },
    ],
    [['--file Dockerfile.prod'], { file: 'apps/api/Dockerfile.prod' }],
    [['-f', '/abs/Dockerfile'], { file: '/abs/Dockerfile' }],
    [['--no-cache --pull --push --load'], { noCache: true, pull: true, push: true, load: true }],
    [['--no-cache=false'], { noCache: false }],
    [
      ['--cache-from type=local,src=.cache --cache-to type=local,dest=.cache,mode=max'],
      {
        cacheFrom: ['type=local,src=apps/api/.cache'],
        cacheTo: ['type=local,dest=apps/api/.cache,mode=max'],
      },
    ],
    [['--cache-from acme/api:cache'], { cacheFrom: ['acme/api:cache'] }],
    [
      ['--secret id=npm,src=.npmrc --secret id=tok,env=TOKEN --secret type=env,id=GH'],
      {
        secrets: [
          { id: 'npm', src: 'apps/api/.npmrc' },
          { id: 'tok', env: 'TOKEN' },
          { id: 'GH', env: 'GH' },
        ],
      },
    ],
    [
      ['--build-context lib=../lib --build-context img=docker-image://busybox'],
      { buildContexts: { lib: 'apps/lib', img: 'docker-image://busybox' } },
    ],
    [['--output type=tar,dest=out.tar'], { outputs: ['type=tar,dest=apps/api/out.tar'] }],
    [
      ['--provenance false --sbom true --attest type=sbom'],
      { provenance: false, sbom: true, attests: ['type=sbom'] },
    ],
    [['--quiet'], { progress: 'quiet' }],
    [
      ['--add-host db:10.0.0.2 --ulimit nofile=1024:1024 --allow network.host'],
      { addHosts: ['db:10.0.0.2'], ulimits: ['nofile=1024:1024'], allow: ['network.host'] },
    ],
  ])('%j', (args, options) => {
    const r = convert(args);
    expect(r.options).toEqual(options);
    expect(r.notes).toEqual([]);
  });

  it('paths are relative to the workspace root when the build ran there', () => {
    expect(convert(['--file apps/api/Dockerfile'], '.').options).toEqual({
      file: 'apps/api/Dockerfile',
    });
  });

  test.each([
    ['--squash', /docker build --squash has no option here/],
    ['--build-arg PASSTHROUGH', /passes PASSTHROUGH from the environment/],
    ['--label justkey', /is not KEY=value/],
    ['--tag', /has no value/],
    ['--secret id=x', /needs id and one of src or env/],
    ['--label v={commitSha}', /filled in tags only here/],
  ])('%s is reported', (arg, why) => {
    const r = convert([arg]);
    expect(r.notes.map(noteLine)).toEqual([expect.stringMatching(why)]);
  });
});
