import { z } from 'zod';
import type { Argv } from '../build/argv';
import type { ImageMetadata } from '../build/metadata';
import { parseBakeMetadata } from '../build/metadata';
import { PROGRESS_MODES } from '../build/options';
import type { RunContext } from '../process/run-context';
import { runTracked, withMetadataFile } from '../build/tracked-run';
import { probeEngine } from '../engine/probe';
import type { StepCounts } from '../build/progress';
import { errorFromResult } from '../errors/from-output';
import { parseOptions } from '../errors/zod-issues';
import { execaRunner } from '../process/execa-runner';
import type { BakeDefinition } from './definition';
import { bakeDefinitionSchema } from './definition';

const text = z.string().trim().min(1);
export const bakeOptionsSchema = z
  .object({
    /** Bake files: HCL, JSON or compose. */
    files: z.array(text).min(1, { message: 'at least one bake file is needed' }),
    targets: z.array(text).default([]),
    /** `--set target.key=value` overrides. */
    set: z
      .array(
        text.regex(/^[^=]+\.[^=]+=/, {
          message: 'must look like target.key=value (e.g. *.platform=linux/arm64)',
        }),
      )
      .default([]),
    load: z.boolean().default(false),
    push: z.boolean().default(false),
    noCache: z.boolean().default(false),
    pull: z.boolean().default(false),
    builder: text.optional(),
    progress: z.enum(PROGRESS_MODES).default('plain'),
    metadataFile: text.optional(),
    /** Entitlements granted to the run (`--allow network.host`): bake ≥ 0.17 asks for them. */
    allow: z.array(text).default([]),
  })
  .strict();
export type BakeOptionsInput = z.input<typeof bakeOptionsSchema>;
export type BakeOptions = z.output<typeof bakeOptionsSchema>;

/** `docker buildx bake` argv; `print` asks for the resolved definition instead of a build. */
export function bakeArgv(o: BakeOptions, mode: 'build' | 'print' = 'build'): Argv {
  const args = ['buildx', 'bake'];
  if (o.builder) args.push('--builder', o.builder);
  for (const f of o.files) args.push('--file', f);
  for (const s of o.set) args.push('--set', s);
  if (mode === 'print') return { command: 'docker', args: [...args, '--print', ...o.targets] };
  if (o.load) args.push('--load');
  if (o.push) args.push('--push');
  if (o.noCache) args.push('--no-cache');
  if (o.pull) args.push('--pull');
  if (o.metadataFile) args.push('--metadata-file', o.metadataFile);
  for (const a of o.allow) args.push('--allow', a);
  args.push('--progress', o.progress, ...o.targets);
  return { command: 'docker', args };
}

/** Reads `docker buildx bake --print` output into the typed definition. */
export function parseBakePrint(stdout: string): BakeDefinition {
  return bakeDefinitionSchema.parse(JSON.parse(stdout));
}

export interface BakeTargetResult extends ImageMetadata {
  /** Steps BuildKit attributed to this target (a step shared by targets counts once). */
  steps: Pick<StepCounts, 'run' | 'cached'>;
}

export interface BakeResult {
  targets: Record<string, BakeTargetResult>;
  steps: StepCounts;
  durationMs: number;
  command: string;
}

/** `docker buildx bake --print`: what bake would build, resolved. */
export async function printBake(
  input: BakeOptionsInput,
  ctx: RunContext = {},
): Promise<BakeDefinition> {
  const { command, args } = bakeArgv(
    parseOptions(bakeOptionsSchema, input, 'bake options'),
    'print',
  );
  const result = await (ctx.runner ?? execaRunner).run(command, args, {
    cwd: ctx.cwd,
    env: ctx.env,
  });
  if (result.exitCode !== 0) throw errorFromResult('docker buildx bake --print', result);
  return parseBakePrint(result.stdout);
}

/** Runs a bake and returns each target's digest, names and step counts. */
export async function runBake(input: BakeOptionsInput, ctx: RunContext = {}): Promise<BakeResult> {
  const options = parseOptions(bakeOptionsSchema, input, 'bake options');
  const cwd = ctx.cwd ?? process.cwd();
  if (!ctx.runner) await probeEngine({ ...process.env, ...ctx.env }); // a fake runner: no engine
  const { value, metadata } = await withMetadataFile(options.metadataFile, cwd, (metadataFile) =>
    runTracked('docker buildx bake', bakeArgv({ ...options, metadataFile }), { ...ctx, cwd }),
  );
  const { steps, result } = value;
  const targets: Record<string, BakeTargetResult> = {};
  const built = Object.entries(parseBakeMetadata(metadata));
  for (const [name, meta] of built) {
    // Bake prefixes a step with its target only when it builds several.
    const own =
      built.length === 1 ? steps.steps : steps.steps.filter((s) => s.name.startsWith(`[${name} `));
    targets[name] = {
      ...meta,
      steps: {
        run: own.filter((s) => s.outcome === 'run').length,
        cached: own.filter((s) => s.outcome === 'cached').length,
      },
    };
  }
  return { targets, steps, durationMs: result.durationMs, command: result.command };
}
