// nx-container's `metadata` block (docker/metadata-action's inputs) → image name and tags
// here. metadata-action chooses tags per CI event; a tag here is applied on every build,
// so only tags that mean the same on every build are converted, the others reported.
import { parseKeyValues, splitCsv } from '@nx-buildx/buildx';
import { imageNameOfProject } from '../../image/dockerfile-names';
import type { Note } from './notes';
import { ENV_REF, listOf, mapOf } from './notes';

export interface ConvertedMetadata {
  imageName?: string;
  registry?: string;
  tags: string[];
  labels: Record<string, string>;
  notes: Note[];
}

/** metadata-action's tags when none are given. */
const DEFAULT_TAGS = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr',
];

/** `ghcr.io/acme/api` → registry `ghcr.io/acme`, imageName `api`. */
export function splitImage(image: string): { registry?: string; imageName: string } {
  const slash = image.lastIndexOf('/');
  return slash < 0
    ? { imageName: image }
    : { registry: image.slice(0, slash), imageName: image.slice(slash + 1) };
}

/** The image (registry/name) options, without what equals the default (the project's name). */
export function imageOptions(image: string, projectName: string) {
  const { registry, imageName } = splitImage(image);
  return {
    ...(registry ? { registry } : {}),
    ...(imageName === imageNameOfProject(projectName) ? {} : { imageName }),
  };
}

/** metadata-action's `{{…}}` expressions in a raw value → placeholders here. */
const EXPRESSIONS: Array<[RegExp, string]> = [
  [/\{\{\s*branch\s*\}\}/g, '{branch}'],
  [/\{\{\s*sha\s*\}\}/g, '{shortSha}'],
  [/\{\{\s*date\s+'YYYYMMDD'\s*\}\}/g, '{date}'],
];

function rawValue(value: string): string | { why: string } {
  let out = value;
  for (const [re, to] of EXPRESSIONS) out = out.replace(re, to);
  const left = /\{\{[^}]*\}\}/.exec(out);
  if (left)
    return {
      why: `${left[0]} has no placeholder here (there are {branch}, {shortSha}, {sha}, {date} = YYYYMMDD, {version}, {projectName})`,
    };
  return out;
}

const WHY_EVENT: Record<string, string> = {
  schedule:
    'metadata-action tags scheduled runs only (nightly); a tag here is applied on every build: add it with --tags on the scheduled job',
  'ref,tag':
    'the git tag of a tag push has no placeholder here; tag releases with --tags=<version> (or {version}, the package.json version) in the release job',
  'ref,pr':
    'the pull request number has no placeholder here; tag PR builds with --tags in that job',
  semver:
    'semver tags come from a pushed git tag, which has no placeholder here; tag releases with --tags=<version> or {version}',
  pep440:
    'pep440 tags come from a pushed git tag, which has no placeholder here; tag releases with --tags',
  match: 'tags matched from a git tag have no placeholder here; tag releases with --tags',
  edge: 'metadata-action tags the default branch only; a tag here is applied on every build: add --tags=edge on that job',
};

/** One tag entry (`type=sha,prefix=sha-`), or why it is not converted. */
function convertTag(
  entry: string,
  flavor: { prefix: string; suffix: string },
): string | { why: string } | null {
  let attrs: Record<string, string>;
  try {
    const fields = splitCsv(entry).map((f) => f.trim());
    attrs = {};
    for (const f of fields) {
      const eq = f.indexOf('=');
      if (eq < 0) attrs.value = f;
      else attrs[f.slice(0, eq).trim().toLowerCase()] = f.slice(eq + 1).trim();
    }
  } catch (err) {
    return { why: (err as Error).message };
  }
  const type = attrs.type ?? 'raw';
  if (attrs.enable === 'false') return null; // never produced a tag
  if (attrs.enable !== undefined && attrs.enable !== 'true')
    return {
      why: `enable=${attrs.enable} is decided per CI event; a tag here is applied on every build`,
    };
  const prefix = attrs.prefix ?? (type === 'sha' ? 'sha-' : flavor.prefix);
  const suffix = attrs.suffix ?? flavor.suffix;
  const wrap = (core: string) => {
    const whole = rawValue(`${prefix}${core}${suffix}`);
    return whole;
  };
  switch (type) {
    case 'raw':
      return attrs.value ? wrap(attrs.value) : { why: 'a raw tag without value' };
    case 'sha':
      return wrap(attrs.format === 'long' ? '{sha}' : '{shortSha}');
    case 'ref':
      if (attrs.event === 'branch') return wrap('{branch}');
      return { why: WHY_EVENT[`ref,${attrs.event}`] ?? `unknown event ${attrs.event}` };
    default:
      return { why: WHY_EVENT[type] ?? `unknown tag type ${type}` };
  }
}

/** Reads `latest=…,prefix=…,suffix=…` flavor entries. */
function readFlavor(entries: string[], notes: Note[], where: string) {
  const flavor = { prefix: '', suffix: '', latest: 'auto' };
  for (const entry of entries) {
    for (const [k, v] of parseKeyValues(entry)) {
      if (k === 'latest') flavor.latest = v;
      else if (k === 'prefix') flavor.prefix = v;
      else if (k === 'suffix') flavor.suffix = v;
      else
        notes.push({
          where,
          option: `metadata.flavor ${k}=${v}`,
          why: 'not converted (latest, prefix and suffix are)',
        });
    }
  }
  return flavor;
}

/**
 * The image name, tags and labels a `metadata` block gives. Its first image is the
 * image here; each further image gets every tag as a full reference.
 */
export function convertMetadata(
  meta: Record<string, unknown>,
  projectName: string,
  where: string,
): ConvertedMetadata {
  const notes: Note[] = [];
  const note = (option: string, why: string) => notes.push({ where, option, why });
  const images = (listOf(meta.images, false) ?? [])
    .map((i) => (i.includes('name=') ? (Object.fromEntries(parseKeyValues(i)).name ?? i) : i))
    .filter((i) => {
      if (!ENV_REF.test(i)) return true;
      note(
        `metadata.images ${i}`,
        'an environment variable in an image name has no placeholder here; write the name',
      );
      return false;
    });
  const flavor = readFlavor(listOf(meta.flavor, false) ?? [], notes, where);
  const given = listOf(meta.tags, false);
  const tags: string[] = [];
  for (const entry of given?.length ? given : DEFAULT_TAGS) {
    const t = convertTag(entry, flavor);
    if (t === null) continue;
    if (typeof t === 'string') tags.push(t);
    else note(`metadata.tags ${entry}`, t.why);
  }
  if (flavor.latest === 'true') tags.push(`${flavor.prefix}latest${flavor.suffix}`);
  else if (
    flavor.latest === 'auto' &&
    (given ?? DEFAULT_TAGS).some((t) => /type=(semver|pep440)/.test(t))
  )
    note(
      'metadata.flavor latest=auto',
      'metadata-action adds latest on a release tag only; add --tags=latest in the release job',
    );

  const { map: labels, bad } = mapOf(listOf(meta.labels, false) ?? []);
  bad.forEach((l) => note(`metadata.labels ${l}`, 'a label is KEY=value'));
  for (const key of [
    'annotations',
    'sep-tags',
    'sep-labels',
    'sep-annotations',
    'bake-target',
    'load',
  ])
    if (meta[key] !== undefined)
      note(
        `metadata.${key}`,
        key === 'annotations'
          ? "nx-container's build does not apply metadata annotations; dropped (write annotations: [...] here if you want them)"
          : 'has no effect on the build; dropped',
      );

  const [first, ...others] = images;
  if (!first) {
    note('metadata', 'no images: nx-container ignores the block then; dropped');
    return { tags: [], labels: {}, notes };
  }
  const allTags = [...tags, ...others.flatMap((img) => tags.map((t) => `${img}:${t}`))];
  return { ...imageOptions(first, projectName), tags: allTags, labels, notes };
}
