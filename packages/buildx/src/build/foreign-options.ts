// Options as @nx-tools/nx-container and docker/build-push-action spell them. One model,
// no aliases: each is refused with the exact spelling here, its value already converted.
import { parseKeyValues } from '../cache/csv';
import { isSecretLikeName } from '../redact/secret-names';

type Kind = 'list' | 'csv-list' | 'map' | 'boolean' | 'text' | 'secret-files' | 'secret-envs';

/** How each option's value is written here; `csv-list` entries hold no commas (tags). */
const KINDS: Record<string, Kind> = {
  tags: 'csv-list',
  platforms: 'csv-list',
  noCacheFilter: 'csv-list',
  addHosts: 'csv-list',
  allow: 'csv-list',
  ulimits: 'csv-list',
  cacheFrom: 'list',
  cacheTo: 'list',
  outputs: 'list',
  annotations: 'list',
  attests: 'list',
  ssh: 'list',
  buildArgs: 'map',
  labels: 'map',
  buildContexts: 'map',
  cacheRegistryAttrs: 'map',
  noCache: 'boolean',
  cgroupParent: 'text',
  shmSize: 'text',
};

/** Other tools' option names → ours (and, for secrets, how their value reads). */
const RENAMED: Record<string, { to: string; kind?: Kind }> = {
  'build-args': { to: 'buildArgs' },
  'build-arg': { to: 'buildArgs' },
  'build-contexts': { to: 'buildContexts' },
  'cache-from': { to: 'cacheFrom' },
  'cache-to': { to: 'cacheTo' },
  'no-cache': { to: 'noCache' },
  'no-cache-filters': { to: 'noCacheFilter' },
  'no-cache-filter': { to: 'noCacheFilter' },
  'add-hosts': { to: 'addHosts' },
  'cgroup-parent': { to: 'cgroupParent' },
  'shm-size': { to: 'shmSize' },
  ulimit: { to: 'ulimits' },
  'secret-files': { to: 'secrets', kind: 'secret-files' },
  'secret-envs': { to: 'secrets', kind: 'secret-envs' },
};

/**
 * Value shapes of other tools that Nx must let through to the executor (schema.json
 * lists them as a second `oneOf` branch), so the run can say how to write them here.
 */
export const FOREIGN_VALUE_SHAPES: Readonly<Record<string, object>> = {
  ...Object.fromEntries(
    Object.entries(KINDS)
      .filter(([, kind]) => kind === 'list' || kind === 'csv-list')
      .map(([name]) => [name, { type: 'string' }]),
  ),
  ...Object.fromEntries(
    Object.entries(KINDS)
      .filter(([, kind]) => kind === 'map')
      .map(([name]) => [name, { type: 'array', items: { type: 'string' } }]),
  ),
};
/** Secrets given as build-push-action's strings (`id=KEY,env=X`, `KEY=value`). */
export const FOREIGN_SECRET_ITEM = { type: 'string' } as const;

/**
 * The sentence for an option written as another tool writes it, or undefined when it
 * is not one. `key` is the option's name as given; `known` the options of the schema.
 */
export function foreignKeyProblem(
  key: string,
  value: unknown,
  known: readonly string[],
): string | undefined {
  const renamed = RENAMED[key];
  if (!renamed || !known.includes(renamed.to)) return undefined;
  const kind = renamed.kind ?? KINDS[renamed.to];
  const converted = kind ? convert(kind, value, renamed.to) : value;
  if (converted === undefined) return `\`${key}\` is \`${renamed.to}\` here`;
  return `\`${key}\` is \`${renamed.to}\` here: ${describe(converted)} ${show(converted, renamed.to)}`;
}

/** The sentence for a known option whose value has another tool's shape (`tags: "a,b"`). */
export function foreignValueProblem(
  path: readonly PropertyKey[],
  value: unknown,
): string | undefined {
  const [name, index, ...rest] = path.map(String);
  if (name === 'secrets' && index !== undefined && rest.length === 0 && typeof value === 'string')
    return secretStringProblem(value);
  if (name === undefined || index !== undefined) return undefined;
  const kind = KINDS[name];
  if (!kind) return undefined;
  const isList = kind === 'list' || kind === 'csv-list';
  const foreign = isList ? typeof value === 'string' : kind === 'map' && Array.isArray(value);
  if (!foreign) return undefined;
  const converted = convert(kind, value, name);
  if (converted === undefined) return undefined;
  return `\`${name}\` is ${describe(converted)} here: ${show(converted, name)}`;
}

function convert(kind: Kind, value: unknown, name: string): unknown {
  const lines = (v: unknown, commas: boolean): string[] | undefined => {
    if (Array.isArray(v)) return v.map(String);
    if (typeof v !== 'string') return undefined;
    return v
      .split(commas ? /[\n,]/ : /\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  };
  switch (kind) {
    case 'list':
    case 'csv-list':
      return lines(value, kind === 'csv-list');
    case 'map': {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
      const entries = lines(value, false);
      if (!entries?.every((e) => e.indexOf('=') > 0)) return undefined;
      return Object.fromEntries(
        entries.map((e) => {
          const [k, ...v] = e.split('=');
          const key = (k as string).trim();
          return [key, name === 'buildArgs' && isSecretLikeName(key) ? '…' : v.join('=')];
        }),
      );
    }
    case 'boolean':
      return value === true || value === 'true'
        ? true
        : value === false || value === 'false'
          ? false
          : undefined;
    case 'text':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'secret-files':
    case 'secret-envs': {
      const entries = lines(value, false);
      if (!entries?.every((e) => e.indexOf('=') > 0)) return undefined;
      const from = kind === 'secret-files' ? 'src' : 'env';
      return entries.map((e) => {
        const eq = e.indexOf('=');
        return { id: e.slice(0, eq).trim(), [from]: e.slice(eq + 1).replace(/^"|"$/g, '') };
      });
    }
  }
}

/** build-push-action's `secrets` entry: `id=KEY,env=X` / `id=KEY,src=F`, or `KEY=value` inline. */
function secretStringProblem(text: string): string {
  let pairs: Array<[string, string]> | undefined;
  try {
    pairs = parseKeyValues(text);
  } catch {
    pairs = undefined;
  }
  const attrs = Object.fromEntries(pairs ?? []);
  const keys = Object.keys(attrs);
  if (attrs.id && keys.every((k) => ['id', 'src', 'env', 'type'].includes(k))) {
    const { type, ...secret }: Record<string, string | undefined> = attrs;
    if (type === 'env' && !secret.env) secret.env = secret.id;
    if (type === 'file' && !secret.src) secret.src = secret.id;
    return `a secret is an object here: ${show(secret)}`;
  }
  // `KEY=value` puts the secret's value in the options: never repeat it.
  const eq = text.indexOf('=');
  const id = eq > 0 ? text.slice(0, eq).trim() : 'ID';
  return `a secret's value is never written in the options (build-push-action's "${id}=…" form); read it from a variable or a file: ${show({ id, env: id })} with ${id} set in the environment, or ${show({ id, src: 'path/to/file' })}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return typeof value === 'boolean' ? 'a boolean' : 'a string';
}

/** `{"A": "1"}` as a user would type it; secret-like build arg values shown as `…`. */
function show(value: unknown, name?: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => show(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(
        ([k, v]) =>
          `${JSON.stringify(k)}: ${name === 'buildArgs' && isSecretLikeName(k) ? '"…"' : show(v)}`,
      )
      .join(', ')}}`;
  return JSON.stringify(value);
}
