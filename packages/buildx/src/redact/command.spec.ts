import { parse } from 'shell-quote';
import { buildArgv } from '../build/argv';
import { buildOptionsSchema } from '../build/options';
import { formatCommand } from '../process/runner';
import { commandWithNote, describeCommand, redactArgs, shellQuote } from './command';

/** What a POSIX shell makes of a printed command (shell-quote's parser, not ours). */
const words = (text: string) =>
  parse(text).map((w) => {
    if (typeof w !== 'string') throw new Error(`not a plain word: ${JSON.stringify(w)}`);
    return w;
  });

const argv = buildArgv(
  buildOptionsSchema.parse({
    context: 'https://oauth2:ctx-T0KEN@git.example.com/acme/app.git#main',
    tags: ["reg:5000/app:it's"],
    labels: {
      'org.opencontainers.image.source':
        'https://gitlab-ci-token:glcbt-T0KEN@gitlab.example.com/a/b.git',
      note: 'a b $HOME `x` "q"\nnext',
    },
    buildArgs: { NPM_TOKEN: "npm_T0KEN'$(rm -rf /)", NODE_VERSION: '20', KEYBOARD_LAYOUT: 'de' },
    secrets: [{ id: 'npm', env: 'NPM_TOKEN' }],
    cacheTo: [
      'type=s3,region=eu-west-1,bucket=b,access_key_id=AKIA1,secret_access_key=s3-T0KEN,session_token=sess-T0KEN',
    ],
    progress: 'plain',
  }),
);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('describeCommand', () => {
  it('shows no credential: URL userinfo, secret-like build args, secret cache attributes', () => {
    const { text, redacted } = describeCommand(argv.command, argv.args);
    expect(text).not.toMatch(/T0KEN/);
    expect(text).toContain('--build-arg NPM_TOKEN ');
    expect(text).toContain('--build-arg NODE_VERSION=20');
    expect(text).toContain('--build-arg KEYBOARD_LAYOUT=de');
    expect(text).toContain('https://***@gitlab.example.com/a/b.git');
    expect(text).toContain('access_key_id=AKIA1,secret_access_key=***,session_token=***');
    expect(text).toContain('--secret id=npm,env=NPM_TOKEN'); // a variable name, not a value
    expect(redacted).toEqual([
      'the value of build arg NPM_TOKEN (docker reads it from $NPM_TOKEN when pasted)',
      'secret_access_key of --cache-to (shown as ***)',
      'session_token of --cache-to (shown as ***)',
      'credentials in 2 URLs (shown as ***)',
    ]);
  });

  it('prints a command a shell parses back to the argv, once the redacted values are restored', () => {
    const { text } = describeCommand(argv.command, argv.args);
    const shown = redactArgs(argv.args).args;
    const parsed = words(text);
    expect(parsed).toEqual([argv.command, ...shown]);
    // Each word differs from the argv only where a value was redacted: `***` stands for
    // the removed text, and a bare `--build-arg NAME` for `NAME=<value>`.
    const restorable = (word: string, original: string) =>
      new RegExp(`^${word.split('***').map(escapeRegExp).join('.+')}(=.+)?$`, 's').test(original);
    const changed = parsed
      .slice(1)
      .flatMap((w, i) => (w === argv.args[i] ? [] : [[w, argv.args[i] as string]]));
    expect(changed).toHaveLength(4);
    for (const [w, original] of changed)
      expect(restorable(w as string, original as string)).toBe(true);
  });

  it('leaves a command with nothing secret as it was, quoted only where a shell needs it', () => {
    const { text, redacted } = describeCommand('docker', [
      'buildx',
      'build',
      '--tag',
      'a:1',
      '--label',
      'x=a b',
      '',
    ]);
    expect(text).toBe("docker buildx build --tag a:1 --label 'x=a b' ''");
    expect(redacted).toEqual([]);
  });

  it('redacts bake --set of a secret-like arg and keeps the others', () => {
    const { text } = describeCommand('docker', [
      'buildx',
      'bake',
      '--set',
      'api.args.GH_TOKEN=ghp_T0KEN',
      '--set',
      '*.args.MODE=prod',
    ]);
    expect(text).toBe("docker buildx bake --set 'api.args.GH_TOKEN=***' --set '*.args.MODE=prod'");
  });

  it('commandWithNote says what was redacted in a shell comment, and nothing when nothing was', () => {
    expect(commandWithNote('git', ['clone', 'https://u:p@h/r'])).toBe(
      "git clone 'https://***@h/r'\n# redacted: credentials in a URL (shown as ***)",
    );
    expect(commandWithNote('git', ['status'])).toBe('git status');
  });

  it('formatCommand (RunResult.command, failure messages) is the same redacted text', () => {
    expect(formatCommand(argv.command, argv.args)).toBe(
      describeCommand(argv.command, argv.args).text,
    );
  });
});

describe('shellQuote', () => {
  test.each([
    ['plain', 'a:1/b.c,d=e@f%g+h-i'],
    ['empty', ''],
    ['single quote', "it's"],
    ['newline', 'a\nb'],
    ['expansions', '$HOME $(id) `id` ${X}'],
    ['globs', '* ? [a]'],
    ['tilde and hash', '~/x #y'],
    ['leading =', '=cmd'],
    ['semicolon and pipe', 'a;b|c&d'],
  ])('%s: a shell reads back the same word', (_name, word) => {
    expect(words(`echo ${shellQuote(word)}`)).toEqual(['echo', word]);
  });
});
