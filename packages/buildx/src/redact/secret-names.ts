/**
 * Whether a name (build arg, CSV attribute) holds a credential. Names are split into
 * words (`NPM_AUTH_TOKEN`, `npmAuthToken`, `npm-auth-token` → npm auth token) so that
 * a word, not a substring, decides: `API_KEY` is a secret, `KEYBOARD_LAYOUT`, `MONKEY`
 * and `AUTHOR` are not; nor are `PUBLIC_KEY` and `CACHE_KEY`. A last word naming *where* or *what kind* a secret is
 * (`SSH_KEY_PATH`, `AWS_ACCESS_KEY_ID`, `AUTH_METHOD`) is not the secret itself.
 */
export function isSecretLikeName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (NOT_A_VALUE.has(words[words.length - 1] as string) && words.length > 1) return false;
  return words.some((w, i) =>
    w === 'KEY'
      ? !NOT_SECRET_KEYS.has(words[i - 1] ?? '')
      : SECRET_WORDS.has(w) || SECRET_ENDINGS.some((e) => w.length > e.length && w.endsWith(e)),
  );
}

/** `npmAuthToken` / `NPM_AUTH_TOKEN` / `npm-auth.token` → `['NPM', 'AUTH', 'TOKEN']`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** Words that mark a credential on their own (`PWD` is left out: it is the working directory). */
const SECRET_WORDS = new Set([
  'TOKEN',
  'TOKENS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'SECRET',
  'SECRETS',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'OAUTH',
  'APIKEY',
  'PAT',
]);
/** `KEY` is a credential (`API_KEY`, `SSH_KEY`) except after these (`PUBLIC_KEY`, `CACHE_KEY`). */
const NOT_SECRET_KEYS = new Set(['PUBLIC', 'CACHE', 'SORT', 'PRIMARY', 'PARTITION']);
/** Glued words: `NPMTOKEN`, `DBPASSWORD`, `CLIENTSECRET`, `XAPIKEY`. */
const SECRET_ENDINGS = ['TOKEN', 'PASSWORD', 'PASSWD', 'SECRET', 'APIKEY', 'CREDENTIALS'];
/** A last word that says the value is a reference or a setting, not the credential. */
const NOT_A_VALUE = new Set([
  'ID',
  'NAME',
  'FILE',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'HOST',
  'TYPE',
  'METHOD',
  'MODE',
  'ENABLED',
  'LENGTH',
  'SIZE',
]);
