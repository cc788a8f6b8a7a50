// One @nx-tools/nx-container:build options object (its schema.json, and what its executor
// reads beyond it) → docker-build options. Pure; the mapping table is docs/migration.md.
import { convertMetadata } from './container-metadata';
import type { Converted, Note } from './notes';
import { ENV_REF, listOf, mapOf } from './notes';
import { simplifyTags } from './target-options';

/** Lists: their name → ours, and whether a text value splits on commas too. */
const LISTS: Record<string, [string, boolean]> = {
  'add-hosts': ['addHosts', true],
  allow: ['allow', true],
  platforms: ['platforms', true],
  ssh: ['ssh', false],
  ulimit: ['ulimits', false],
  outputs: ['outputs', false],
  'no-cache-filters': ['noCacheFilter', true],
  'cache-from': ['cacheFrom', false],
  'cache-to': ['cacheTo', false],
  tags: ['tags', true],
};
/** `KEY=value` lists → maps. */
const MAPS: Record<string, string> = {
  'build-args': 'buildArgs',
  labels: 'labels',
  'build-contexts': 'buildContexts',
};
const TEXTS: Record<string, string> = {
  builder: 'builder',
  context: 'context',
  file: 'file',
  network: 'network',
  target: 'target',
  'shm-size': 'shmSize',
};
const BOOLEANS: Record<string, string> = {
  load: 'load',
  push: 'push',
  pull: 'pull',
  'no-cache': 'noCache',
  sbom: 'sbom',
};

/** Options handled elsewhere (engine: the target as a whole; metadata: below). */
const HANDLED = new Set([
  'engine',
  'metadata',
  'quiet',
  'secrets',
  'secret-files',
  'secret-envs',
  'cgroup-parent',
  'provenance',
]);

const asBoolean = (v: unknown) =>
  v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;

/**
 * docker-build options for one nx-container options object (a target's options or one of
 * its configurations). `projectName` decides whether an image name equals the default.
 */
export function convertNxContainerOptions(
  raw: Record<string, unknown>,
  projectName: string,
  where: string,
): Converted {
  let options: Record<string, unknown> = {};
  const notes: Note[] = [];
  const note = (option: string, why: string) => notes.push({ where, option, why });
  /** Values nx-container fills from the environment ($VAR) are reported, not copied. */
  const noEnv = (option: string, values: string[]) =>
    values.filter((v) => {
      if (!ENV_REF.test(v)) return true;
      note(
        `${option} ${v.replace(/=.*/, '=…')}`,
        'reads an environment variable ($VAR), which options here do not; pass the value on the command line (e.g. --buildArgs.NAME=…) or in a configuration',
      );
      return false;
    });

  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (LISTS[key]) {
      const [to, commas] = LISTS[key];
      const list = listOf(value, commas);
      if (!list) note(key, `expected a list, got ${JSON.stringify(value)}`);
      else options[to] = noEnv(key, list);
    } else if (MAPS[key]) {
      const list = listOf(value, false);
      if (!list) {
        note(key, `expected a list of KEY=value, got ${JSON.stringify(value)}`);
        continue;
      }
      const { map, bad } = mapOf(noEnv(key, list));
      bad.forEach((b) => note(`${key} ${b}`, 'is not KEY=value'));
      options[MAPS[key]] = map;
    } else if (TEXTS[key]) {
      if (typeof value !== 'string') note(key, `expected text, got ${JSON.stringify(value)}`);
      else if (noEnv(key, [value]).length) options[TEXTS[key]] = value;
    } else if (BOOLEANS[key]) {
      const b = asBoolean(value);
      if (b === undefined) note(key, `expected true or false, got ${JSON.stringify(value)}`);
      else options[BOOLEANS[key]] = b;
    } else if (!HANDLED.has(key)) {
      note(key, 'is not an option of @nx-tools/nx-container:build; dropped');
    }
  }

  // quiet: buildx --quiet; the nearest here is BuildKit's quiet progress.
  if (asBoolean(raw.quiet) === true) options.progress = 'quiet';
  if (raw['cgroup-parent'] !== undefined) {
    const list = listOf(raw['cgroup-parent'], false) ?? [];
    if (list.length === 1) options.cgroupParent = list[0];
    else
      note(
        'cgroup-parent',
        `one parent cgroup is passed to buildx, got ${JSON.stringify(raw['cgroup-parent'])}`,
      );
  }
  if (raw.provenance !== undefined) {
    const p = String(raw.provenance).trim();
    if (p) options.provenance = asBoolean(p) ?? p;
  }
  const secrets = convertSecrets(raw, note);
  if (secrets.length) options.secrets = secrets;

  // Their tags are full references (api:dev).
  options = simplifyTags(options, projectName);
  if (raw.metadata !== undefined) {
    if (typeof raw.metadata !== 'object' || Array.isArray(raw.metadata)) {
      note('metadata', 'expected an object');
    } else {
      const meta = convertMetadata(raw.metadata as Record<string, unknown>, projectName, where);
      notes.push(...meta.notes);
      // With metadata images, nx-container replaces tags and labels with metadata's.
      if (meta.imageName !== undefined || meta.registry !== undefined || meta.tags.length) {
        if (options.tags)
          note('tags', 'nx-container ignores tags when metadata has images; dropped');
        delete options.tags;
        if (options.labels)
          note('labels', 'nx-container ignores labels when metadata has images; dropped');
        delete options.labels;
        delete options.registry;
        delete options.imageName;
        if (meta.registry) options.registry = meta.registry;
        if (meta.imageName) options.imageName = meta.imageName;
        if (meta.tags.length) options.tags = meta.tags;
        else note('metadata.tags', 'no tag converts; the image is tagged latest here');
        if (Object.keys(meta.labels).length) options.labels = meta.labels;
      }
    }
  }
  return { options, notes };
}

/**
 * nx-container's secrets: `ID=value` (the value written in the options, `$VAR` filled
 * from the environment) and secret-files `ID=path`. Here a secret is read from a
 * variable or a file: `ID=$VAR` becomes {id, env}; a written value is never copied.
 */
function convertSecrets(
  raw: Record<string, unknown>,
  note: (option: string, why: string) => void,
): Array<{ id: string; env?: string; src?: string }> {
  const out: Array<{ id: string; env?: string; src?: string }> = [];
  const pairs = (key: string) =>
    (listOf(raw[key], false) ?? []).map((e) => {
      const eq = e.indexOf('=');
      return eq > 0
        ? { id: e.slice(0, eq).trim(), value: e.slice(eq + 1).trim() }
        : { id: e, value: '' };
    });
  for (const { id, value } of pairs('secrets')) {
    const env = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
    if (env) out.push({ id, env: env[1] });
    else
      note(
        `secrets ${id}=…`,
        `its value is written in the options; here a secret comes from a variable or a file: {"id": "${id}", "env": "${id}"} with ${id} set, or {"id": "${id}", "src": "path"}`,
      );
  }
  for (const { id, value } of pairs('secret-files')) {
    if (!value || ENV_REF.test(value))
      note(`secret-files ${id}`, 'needs a plain file path (ID=path); write {"id", "src"} by hand');
    else out.push({ id, src: value });
  }
  for (const { id, value } of pairs('secret-envs')) {
    if (!value) note(`secret-envs ${id}`, 'is not ID=VARIABLE');
    else out.push({ id, env: value });
  }
  return out;
}
