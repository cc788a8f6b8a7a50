import type { InvalidOptionError } from '../errors/errors';
import { parseOptions } from '../errors/zod-issues';
import { buildOptionsObject, buildOptionsSchema } from './options';

/** The one message a user gets for these options, or undefined when they are valid. */
function messageFor(options: Record<string, unknown>): string | undefined {
  try {
    parseOptions(buildOptionsSchema, { context: '.', ...options }, 'build options');
    return undefined;
  } catch (err) {
    return (err as InvalidOptionError).message;
  }
}

describe('options as other tools write them are refused with the spelling here', () => {
  it.each([
    [
      { 'build-args': { NODE_ENV: 'production' } },
      '`build-args` is `buildArgs` here: an object {"NODE_ENV": "production"}',
    ],
    [
      { 'build-args': ['NODE_ENV=production', 'A=b=c'] },
      '`build-args` is `buildArgs` here: an object {"NODE_ENV": "production", "A": "b=c"}',
    ],
    [
      { 'build-args': 'NODE_ENV=production\nB=2' },
      '`build-args` is `buildArgs` here: an object {"NODE_ENV": "production", "B": "2"}',
    ],
    [{ 'cache-from': ['type=gha'] }, '`cache-from` is `cacheFrom` here: a list ["type=gha"]'],
    [
      { 'cache-from': 'type=registry,ref=r/app:cache' },
      '`cache-from` is `cacheFrom` here: a list ["type=registry,ref=r/app:cache"]',
    ],
    [
      { 'cache-to': ['type=gha,mode=max'] },
      '`cache-to` is `cacheTo` here: a list ["type=gha,mode=max"]',
    ],
    [{ 'no-cache': true }, '`no-cache` is `noCache` here: a boolean true'],
    [{ 'no-cache': 'true' }, '`no-cache` is `noCache` here: a boolean true'],
    [
      { 'no-cache-filters': ['deps', 'test'] },
      '`no-cache-filters` is `noCacheFilter` here: a list ["deps", "test"]',
    ],
    [
      { 'build-contexts': ['base=docker-image://alpine'] },
      '`build-contexts` is `buildContexts` here: an object {"base": "docker-image://alpine"}',
    ],
    [
      { 'secret-files': ['npmrc=/home/u/.npmrc'] },
      '`secret-files` is `secrets` here: a list [{"id": "npmrc", "src": "/home/u/.npmrc"}]',
    ],
    [
      { 'secret-envs': 'TOKEN=GH_TOKEN' },
      '`secret-envs` is `secrets` here: a list [{"id": "TOKEN", "env": "GH_TOKEN"}]',
    ],
    [{ 'shm-size': '2g' }, '`shm-size` is `shmSize` here: a string "2g"'],
    [{ tags: 'a/app:1,a/app:latest' }, 'tags: `tags` is a list here: ["a/app:1", "a/app:latest"]'],
    [
      { platforms: 'linux/amd64,linux/arm64' },
      'platforms: `platforms` is a list here: ["linux/amd64", "linux/arm64"]',
    ],
    [
      { cacheFrom: 'type=gha,scope=api' },
      'cacheFrom: `cacheFrom` is a list here: ["type=gha,scope=api"]',
    ],
    [
      { buildArgs: ['A=1', 'B=two'] },
      'buildArgs: `buildArgs` is an object here: {"A": "1", "B": "two"}',
    ],
    [
      { labels: ['org.example.team=core'] },
      'labels: `labels` is an object here: {"org.example.team": "core"}',
    ],
    [
      { secrets: ['id=npm,env=NPM_TOKEN'] },
      'secrets.0: a secret is an object here: {"id": "npm", "env": "NPM_TOKEN"}',
    ],
    [
      { secrets: ['id=npmrc,src=.npmrc'] },
      'secrets.0: a secret is an object here: {"id": "npmrc", "src": ".npmrc"}',
    ],
  ])('%j', (options, expected) => {
    const message = messageFor(options);
    expect(message).toContain(expected);
    // Reported once: no second line about the same option.
    expect(message?.match(/^ {2}- /gm)).toHaveLength(1);
  });

  it("an inline secret value (build-push-action's KEY=value) is never repeated", () => {
    const message = messageFor({ secrets: ['GIT_AUTH_TOKEN=ghp_s3cr3tValue'] });
    expect(message).toContain(
      'secrets.0: a secret\'s value is never written in the options (build-push-action\'s "GIT_AUTH_TOKEN=…" form); read it from a variable or a file: {"id": "GIT_AUTH_TOKEN", "env": "GIT_AUTH_TOKEN"}',
    );
    expect(message).not.toContain('ghp_s3cr3tValue');
  });

  it('a secret-like build arg value is not repeated in the rewrite', () => {
    const message = messageFor({ 'build-args': ['NPM_TOKEN=abc123', 'MODE=prod'] });
    expect(message).toContain('{"NPM_TOKEN": "…", "MODE": "prod"}');
    expect(message).not.toContain('abc123');
  });

  it('other unknown keys still get a guess, on their own line', () => {
    const message = messageFor({ 'cache-from': ['type=gha'], tag: ['x'] });
    expect(message).toContain('unknown option "cache-from"; `cache-from` is `cacheFrom` here');
    expect(message).toContain('unknown option "tag"; did you mean "tags" instead of "tag"?');
  });

  it('a rename is only offered when the schema has the option', () => {
    expect(() =>
      parseOptions(buildOptionsObject.pick({ context: true }), { context: '.', 'cache-from': [] }),
    ).toThrow(/unknown option "cache-from"(?!;.*cacheFrom. here)/);
  });

  it('values written the way here still pass', () => {
    expect(
      messageFor({ tags: ['a:1'], buildArgs: { A: 1 }, secrets: [{ id: 'x', env: 'X' }] }),
    ).toBeUndefined();
  });
});
