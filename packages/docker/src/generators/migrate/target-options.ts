// What every converted target goes through: full tag references made image name + tags
// when they share one image, checked against docker-build's own schema, and
// configurations written as what they change.
import { dockerBuildSchema } from '../../image/options';
import { splitRef } from '../../image/ref';
import { imageOptions } from './container-metadata';
import type { Note } from './notes';

/**
 * `["api:dev", "api:{shortSha}"]` → imageName api, tags `["dev", "{shortSha}"]`: the
 * image name then feeds the cache reference and OCI title as it does for other targets.
 * Tags naming different images stay full references.
 */
export function simplifyTags(
  options: Record<string, unknown>,
  projectName: string,
): Record<string, unknown> {
  const tags = options.tags as string[] | undefined;
  if (!tags?.length || options.imageName !== undefined || options.registry !== undefined)
    return options;
  const refs = tags.map((t) => splitRef(t));
  const name = refs[0]?.name as string;
  // Full references stay full: a reference without a tag would read as a bare tag here.
  if (!refs.every((r) => r.name === name))
    return { ...options, tags: refs.map((r) => `${r.name}:${r.tag ?? 'latest'}`) };
  const bare = refs.map((r) => r.tag ?? 'latest');
  const { tags: _dropped, ...rest } = options;
  const same = bare.length === 1 && bare[0] === 'latest';
  return { ...rest, ...imageOptions(name, projectName), ...(same ? {} : { tags: bare }) };
}

/**
 * Drops (and reports) each option docker-build would refuse, so a migrated target never
 * fails on a value the migration wrote. `context` is given so the check sees a whole target.
 */
export function keepValid(
  options: Record<string, unknown>,
  where: string,
  notes: Note[],
): Record<string, unknown> {
  const out = { ...options };
  for (let round = 0; round < 10; round++) {
    const parsed = dockerBuildSchema.safeParse({ context: '.', ...out });
    if (parsed.success) return out;
    const bad = new Set<string>();
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (!(key in out) || bad.has(key)) continue;
      bad.add(key);
      notes.push({
        where,
        option: key,
        why: `${JSON.stringify(out[key])} is refused here (${issue.message}); dropped`,
      });
    }
    if (!bad.size) return out; // a problem of the whole object: reported by the executor
    bad.forEach((k) => delete out[k]);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A configuration as the difference between the options it runs with and the target's
 * own: Nx merges a configuration over the options, so what is unchanged is left out and
 * what the configuration takes away is reset to empty.
 */
export function configurationOf(
  base: Record<string, unknown>,
  effective: Record<string, unknown>,
  where: string,
  notes: Note[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(effective)) if (!same(base[k], v)) out[k] = v;
  for (const [k, v] of Object.entries(base)) {
    if (k in effective) continue;
    if (k === 'tags') out.tags = ['latest'];
    else if (Array.isArray(v)) out[k] = [];
    else if (typeof v === 'object' && v !== null) out[k] = {};
    else
      notes.push({
        where,
        option: k,
        why: 'the configuration runs without it, and a configuration cannot unset an option; set it in the configuration by hand',
      });
  }
  return out;
}

/** Notes of a configuration that the target's own conversion did not already give. */
export function newNotes(base: Note[], mine: Note[]): Note[] {
  const seen = new Set(base.map((n) => `${n.option}\0${n.why}`));
  return mine.filter((n) => !seen.has(`${n.option}\0${n.why}`));
}
