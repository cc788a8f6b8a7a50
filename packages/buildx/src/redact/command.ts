import { formatKeyValues, parseKeyValues } from '../cache/csv';
import { isSecretLikeName } from './secret-names';

/** What a command looks like when shown to people: redacted, and quoted for a POSIX shell. */
export interface ShownCommand {
  /** The command line, safe to paste into sh/bash/zsh. */
  text: string;
  /** What was taken out, for a note beside the command (empty when nothing was). */
  redacted: string[];
}

/**
 * The one place a command line is made printable (verbose output, failure messages,
 * RunResult.command): credentials in URLs, secret-like build args and CSV attributes
 * (`secret_access_key=` of an s3 cache) are redacted, then every word is shell-quoted.
 * A secret-like build arg is shown as `--build-arg NAME`, which docker fills from the
 * environment variable NAME, so a pasted command still works with that variable set.
 */
export function describeCommand(file: string, args: readonly string[]): ShownCommand {
  const { args: shown, redacted } = redactArgs(args);
  return { text: [file, ...shown].map(shellQuote).join(' '), redacted };
}

/** {@link describeCommand}'s text with a shell comment saying what was redacted, if anything. */
export function commandWithNote(file: string, args: readonly string[]): string {
  const { text, redacted } = describeCommand(file, args);
  return redacted.length ? `${text}\n# redacted: ${redacted.join('; ')}` : text;
}

export function redactArgs(args: readonly string[]): { args: string[]; redacted: string[] } {
  const redacted = new Set<string>();
  let urls = 0;
  const shown = args.map((arg, i) => {
    const flag = args[i - 1] ?? '';
    let out = arg;
    if (flag === '--build-arg') out = redactBuildArg(arg, redacted);
    else if (flag === '--set') out = redactBakeSet(arg, redacted);
    else if (CSV_FLAGS.has(flag)) out = redactCsv(arg, flag, redacted);
    return out.replace(URL_USERINFO, (_m, scheme: string) => {
      urls++;
      return `${scheme}***@`;
    });
  });
  if (urls) redacted.add(`credentials in ${urls === 1 ? 'a URL' : `${urls} URLs`} (shown as ***)`);
  return { args: shown, redacted: [...redacted] };
}

/** `scheme://userinfo@`: a token-only userinfo (`https://ghp_x@github.com`) is a secret too. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;
/** Flags whose value is `key=value,…` CSV (cache backends take credentials as attributes). */
const CSV_FLAGS = new Set(['--cache-from', '--cache-to', '--output', '-o', '--attest', '--secret']);

function redactBuildArg(arg: string, redacted: Set<string>): string {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  if (eq < 0 || !isSecretLikeName(name)) return arg;
  redacted.add(`the value of build arg ${name} (docker reads it from $${name} when pasted)`);
  return name;
}

/** bake's `--set target.args.NAME=value`. */
function redactBakeSet(arg: string, redacted: Set<string>): string {
  const m = /^([^=]*\.args\.([^=.]+))=/.exec(arg);
  if (!m || !isSecretLikeName(m[2] as string)) return arg;
  redacted.add(`the value of build arg ${m[2]} (shown as ***)`);
  return `${m[1]}=***`;
}

function redactCsv(arg: string, flag: string, redacted: Set<string>): string {
  let pairs: Array<[string, string]>;
  try {
    pairs = parseKeyValues(arg);
  } catch {
    return arg; // not key=value (e.g. `--cache-from ref`): nothing named to redact
  }
  const secret = pairs.filter(([k]) => isSecretLikeName(k));
  if (!secret.length) return arg;
  for (const [k] of secret) redacted.add(`${k} of ${flag} (shown as ***)`);
  return formatKeyValues(pairs.map(([k, v]) => [k, isSecretLikeName(k) ? '***' : v]));
}

/** Quotes one word for a POSIX shell; plain words stay as they are (a leading `=` is zsh syntax). */
export function shellQuote(arg: string): string {
  return /^[\w@%+:,./-][\w@%+=:,./-]*$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
