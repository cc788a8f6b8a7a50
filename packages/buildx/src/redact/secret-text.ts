import { isSecretLikeName } from './secret-names';

/**
 * Well-known credential formats, masked wherever they appear in text the plugin prints
 * (BuildKit quotes Dockerfile lines in its errors: a Dockerfile, or a file passed as one,
 * holding `_authToken=npm_…` would be shown twice).
 */
const TOKEN_FORMATS = [
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{22,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** `NAME=value` / `NAME: value` (also `//host/:_authToken=value`) with a credential-like NAME. */
const ASSIGNMENT = /([A-Za-z_][\w.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s"',;]+)/g;

/** `text` with credential-looking values replaced by `***`. */
export function maskSecretLooking(text: string): string {
  let out = text;
  for (const format of TOKEN_FORMATS) out = out.replace(format, '***');
  return out.replace(ASSIGNMENT, (_, name: string, sep: string, value: string) =>
    isSecretLikeName(name) && value.replace(/^["']|["']$/g, '').length >= 4 && value !== '***'
      ? `${name}${sep}***`
      : // the value may hold an assignment of its own (`instruction: _authToken=…`)
        `${name}${sep}${value === text ? value : maskSecretLooking(value)}`,
  );
}
