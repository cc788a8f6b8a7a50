import type { DockerfileInfo, DockerfileStage } from '../dockerfile/parse';
import { NotFreshError } from '../errors/freshness';
import type { StepCounts } from './progress';

/** What a freshness check needs to know of the build besides the Dockerfile. */
export interface FreshCheckInput {
  mode: string;
  stages?: readonly string[];
  bustArg?: string;
  /** `--target`; the last stage when unset. */
  target?: string;
  /** The Dockerfile as the user named it, for messages. */
  file: string;
}

/**
 * The stages BuildKit builds for `target` (the last stage when unset): the target and,
 * transitively, the stages it is FROM or COPY --from. `RUN --mount=from=` is not
 * followed (the parser does not record it), so a stage used only that way is missed.
 */
export function stagesBuiltFor(info: DockerfileInfo, target?: string): Set<number> {
  const last = info.stages[info.stages.length - 1] as DockerfileStage;
  const start = target === undefined ? last : stageByRef(info, target);
  const built = new Set<number>();
  const visit = (s: DockerfileStage | undefined) => {
    if (!s || built.has(s.index)) return;
    built.add(s.index);
    if (s.fromStage) visit(stageByRef(info, s.fromStage));
    for (const c of info.copies.filter((c) => c.stage === s.index && c.from))
      visit(stageByRef(info, c.from as string));
  };
  visit(start);
  return built;
}

/** A stage by name (case-insensitive, as BuildKit matches them) or by index. */
export function stageByRef(info: DockerfileInfo, ref: string): DockerfileStage | undefined {
  const lower = ref.toLowerCase();
  return (
    info.stages.find((s) => s.name === lower) ??
    (/^\d+$/.test(ref) ? info.stages[Number(ref)] : undefined)
  );
}

/**
 * Checks, before building, that the Dockerfile lets `mode` rebuild something: `bust`
 * needs its ARG declared inside a stage that is built, before a RUN of that stage
 * (an ARG changes only the cache keys of the RUN steps after it in its own stage;
 * a global ARG reaches FROM lines only); `stages` needs stages that exist and are built.
 * Throws {@link NotFreshError} with what to add.
 */
export function checkFreshPlan(info: DockerfileInfo, f: FreshCheckInput): void {
  const built = stagesBuiltFor(info, f.target);
  const forTarget = f.target ? `target "${f.target}"` : 'this build (its last stage)';
  if (f.mode === 'stages') {
    const named = info.stages.filter((s) => s.name).map((s) => s.name as string);
    for (const stage of f.stages ?? []) {
      const s = info.stages.find((x) => x.name === stage.toLowerCase());
      if (!s)
        throw new NotFreshError(
          'stages',
          `${f.file} has no stage named "${stage}" (its named stages: ${named.length ? named.join(', ') : 'none'}), so nothing would be rebuilt.`,
          `Set stages to stage names from ${f.file}, or name the stage to rebuild: "FROM <image> AS ${stage}".`,
        );
      if (!built.has(s.index))
        throw new NotFreshError(
          'stages',
          `stage "${stage}" (line ${s.line}) is not built for ${forTarget}, so nothing would be rebuilt.`,
          `Set stages to stages that ${forTarget} uses (${[...built].map((i) => label(info.stages[i] as DockerfileStage)).join(', ')}), or set target.`,
        );
    }
    return;
  }
  if (f.mode !== 'bust') return;

  const arg = f.bustArg ?? 'CACHE_BUST';
  const declared = info.instructions.filter(
    (i) => i.keyword === 'ARG' && i.words.some((w) => w.split('=')[0] === arg),
  );
  const final = info.stages[[...built].sort((a, b) => b - a)[0] as number] as DockerfileStage;
  const addIt = `Add "ARG ${arg}" before the first RUN that must rerun, in ${label(final)} (FROM on line ${final.line}) or a stage it builds on`;
  const other = [...new Set(info.args.map((a) => a.name))].filter((n) => n !== arg);
  const orRename = other.length
    ? `, or set bustArg to one of the ARGs ${f.file} declares (${other.join(', ')}).`
    : '.';
  if (declared.length === 0)
    throw new NotFreshError(
      'bust',
      `${f.file} declares no "ARG ${arg}", so a new value of ${arg} changes no step and every step would come from cache.`,
      `${addIt}${orRename}`,
    );
  const inBuilt = declared.filter((d) => built.has(d.stage));
  if (inBuilt.length === 0) {
    const where = declared.every((d) => d.stage < 0)
      ? `only before the first FROM (line ${declared[0]?.line}), where it reaches FROM lines but no step`
      : `only in stages not built for ${forTarget} (line ${declared.map((d) => d.line).join(', ')})`;
    throw new NotFreshError(
      'bust',
      `${f.file} declares "ARG ${arg}" ${where}, so every step would come from cache.`,
      `${addIt}.`,
    );
  }
  const reruns = inBuilt.some((d) =>
    info.instructions.some((i) => i.stage === d.stage && i.keyword === 'RUN' && i.line > d.line),
  );
  if (!reruns)
    throw new NotFreshError(
      'bust',
      `"ARG ${arg}" (line ${inBuilt.map((d) => d.line).join(', ')}) comes after the last RUN of its stage; an ARG changes only the RUN steps after it, so every step would come from cache.`,
      `Move "ARG ${arg}" before the first RUN that must rerun.`,
    );
}

/**
 * Checks, after building, that the steps the mode was to rebuild ran: `no-cache`/`prune`
 * with a cached step, `stages` with a cached step in a named stage, or `bust` with no
 * step run is a false "fresh". Returns the problem, or undefined when fresh.
 */
export function falseFreshProblem(
  f: { mode: string; stages?: readonly string[] },
  steps: StepCounts,
): string | undefined {
  const cached = (pick: (stage: string) => boolean) =>
    steps.steps.filter(
      (s) => s.outcome === 'cached' && !CONTENTLESS.test(s.name) && pick(stageLabelOf(s.name)),
    );
  const list = (xs: Array<{ name: string }>) => xs.map((s) => `  ${s.name}`).join('\n');
  switch (f.mode) {
    case 'no-cache':
    case 'prune': {
      const from = cached(() => true);
      return from.length
        ? `${from.length} step(s) came from cache although the build ran with --no-cache:\n${list(from)}`
        : undefined;
    }
    case 'stages': {
      const wanted = new Set((f.stages ?? []).map((s) => s.toLowerCase()));
      const from = cached((stage) => wanted.has(stage));
      return from.length
        ? `${from.length} step(s) of the stages to rebuild came from cache:\n${list(from)}`
        : undefined;
    }
    case 'bust':
      return steps.run === 0 && steps.steps.length > 0
        ? `no step ran (${steps.cached} came from cache): the new build arg value reached no step`
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Steps BuildKit reports CACHED even under --no-cache when they change nothing — a
 * WORKDIR whose folder the base image already has — and that carry no content anyway.
 */
const CONTENTLESS = /^\[[^\]]*\d+\/\d+\]\s+WORKDIR\s/i;

/** `[build 2/3] RUN npm ci` → `build`; BuildKit calls unnamed stages `stage-<index>`. */
export function stageLabelOf(stepName: string): string {
  return (/^\[([^\]\s]+) \d+\/\d+\]/.exec(stepName)?.[1] ?? '').toLowerCase();
}

/**
 * The external images the built stages start FROM (not other stages, not `scratch`,
 * not pinned by digest, ARGs resolved): what a `--pull` build fetched anew.
 */
export function externalBases(info: DockerfileInfo, target?: string): string[] {
  const built = stagesBuiltFor(info, target);
  const refs = info.stages
    .filter((s) => built.has(s.index) && !s.fromStage && s.resolvedBase)
    .map((s) => s.resolvedBase as string)
    .filter((ref) => ref.toLowerCase() !== 'scratch' && !ref.includes('@'));
  return [...new Set(refs)];
}

function label(s: DockerfileStage): string {
  return s.name ? `stage "${s.name}"` : `stage ${s.index}`;
}
