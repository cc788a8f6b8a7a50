import type { ExecutorContext } from '@nx/devkit';
import { stallLimitMs } from '@nx-buildx/buildx';
import type { BuildPlan } from '../image/build-plan';
import { decimalValueWarnings } from '../image/number-values';
import { checkCopiedOutputs } from '../graph/missing-build-output';
import { checkStateInput } from '../hasher/state-input-check';
import { contextPathWarnings } from '../lib/context-warnings';
import { prepareReport } from '../lib/metadata-target';

/** One image about to be built, as every path (build, fresh, batch, bake) knows it. */
export interface BuildToCheck {
  plan: BuildPlan;
  project: { name: string; root: string };
  context: ExecutorContext;
  /** The task building it, when not the executor's own (a batch names each of its tasks). */
  task?: { project?: string; target?: string };
  /** The options as the user wrote them (before zod): number values are checked on them. */
  rawOptions: unknown;
  stallTimeout?: string;
  warn: (message: string) => void;
}

/**
 * The checks made before any image is built, in order. Each path runs all of them: one that
 * cannot make a check names it in `skip` with the reason, so a gap is written down in code.
 */
const CHECKS = {
  /** cache: true with inputs that lack the image-state input would replay stale images. */
  stateInput: (b: BuildToCheck) => checkStateInput(b.context, b.task),
  /** A COPY of a build output that is not there: name the build to run, not "not found". */
  copiedOutputs: (b: BuildToCheck) => checkCopiedOutputs(b.plan.input.build, b.context, b.task),
  /** The report path: refuse one the plugin did not write; warn when the context copies it. */
  report: (b: BuildToCheck) => prepareReport(b.plan, b.project, b.warn),
  /** A context or Dockerfile outside the workspace, a Dockerfile named like a credentials file. */
  contextPaths: (b: BuildToCheck) => contextPathWarnings(b.plan).forEach(b.warn),
  /** Values given as decimals where whole numbers mean something else; a bad stall limit. */
  numbers: (b: BuildToCheck) => {
    decimalValueWarnings(b.rawOptions).forEach(b.warn);
    stallLimitMs(b.stallTimeout);
  },
} satisfies Record<string, (b: BuildToCheck) => unknown>;

export type PreBuildCheck = keyof typeof CHECKS;
export const PRE_BUILD_CHECKS = Object.keys(CHECKS) as PreBuildCheck[];

/** Runs every check but the skipped ones (each with its reason); throws the first refusal. */
export async function checkBeforeBuild(
  b: BuildToCheck,
  skip: Partial<Record<PreBuildCheck, string>> = {},
): Promise<void> {
  for (const name of PRE_BUILD_CHECKS) if (!skip[name]) await CHECKS[name](b);
}
