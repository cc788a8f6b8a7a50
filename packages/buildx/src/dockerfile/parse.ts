import type { Instruction } from 'dockerfile-ast';
import { DockerfileParser } from 'dockerfile-ast';
import { BuildxError } from '../errors/errors';

/** What the graph plugin and freshness logic need to know of a Dockerfile. */
export interface DockerfileInfo {
  /** ARGs in order; `global` ones come before the first FROM and may be used in FROM. */
  args: Array<{ name: string; defaultValue?: string; global: boolean }>;
  stages: DockerfileStage[];
  /** COPY and ADD instructions with their sources and `--from`. */
  copies: Array<{
    instruction: 'COPY' | 'ADD';
    stage: number;
    from?: string;
    sources: string[];
    line: number;
    /** ADD --checksum: the remote source is pinned to this content. */
    checksum?: string;
  }>;
  /**
   * `RUN --mount=type=…` per stage: secret/ssh/cache mounts do not read the context, a bind
   * mount reads `source` (default: the root) of `from` (default: the build context).
   */
  runMounts: Array<{ stage: number; type: string; line: number; from?: string; source?: string }>;
  /** Every instruction in order (stage -1: before the first FROM), for freshness checks. */
  instructions: Array<{ stage: number; keyword: string; line: number; words: string[] }>;
}

export interface DockerfileStage {
  index: number;
  name?: string;
  /** The FROM argument as written, e.g. `${REGISTRY}/node:20`. */
  base: string;
  /** The base with ARGs resolved from their defaults and the given build args; undefined if some ARG has no value. */
  resolvedBase?: string;
  /** Name of an earlier stage this one builds on, when `base` names one. */
  fromStage?: string;
  platform?: string;
  line: number;
}

export class DockerfileError extends BuildxError {
  readonly code = 'DOCKERFILE_INVALID';
  constructor(
    readonly problem: string,
    readonly file?: string,
  ) {
    super(
      `${file ? `${file}: ` : ''}${problem}\nFix the Dockerfile (its first instruction after ARGs must be FROM <image>) and run again.`,
    );
  }
}

/**
 * Parses Dockerfile text with dockerfile-ast (the maintained parser behind the VS Code
 * Docker extension). Never crashes on odd text: returns what it found, or throws a
 * {@link DockerfileError} when there is no FROM at all.
 */
export function parseDockerfile(
  text: string,
  o: { buildArgs?: Readonly<Record<string, string | number | boolean>>; file?: string } = {},
): DockerfileInfo {
  let instructions: Instruction[];
  try {
    instructions = DockerfileParser.parse(text).getInstructions();
  } catch (err) {
    throw new DockerfileError(`cannot be parsed: ${(err as Error).message}`, o.file);
  }
  const info: DockerfileInfo = {
    args: [],
    stages: [],
    copies: [],
    runMounts: [],
    instructions: [],
  };
  const globals = new Map<string, string | undefined>();
  for (const ins of instructions) {
    const keyword = ins.getKeyword().toUpperCase();
    const stage = info.stages.length - 1;
    const line = ins.getRange().start.line + 1;
    const words = ins.getArguments().map((a) => a.getValue());
    info.instructions.push({ stage: keyword === 'FROM' ? stage + 1 : stage, keyword, line, words });
    switch (keyword) {
      case 'ARG': {
        for (const word of words) {
          const eq = word.indexOf('=');
          const name = eq < 0 ? word : word.slice(0, eq);
          const defaultValue = eq < 0 ? undefined : unquote(word.slice(eq + 1));
          info.args.push({ name, defaultValue, global: stage < 0 });
          if (stage < 0) {
            const given = o.buildArgs?.[name];
            globals.set(name, given === undefined ? defaultValue : String(given));
          }
        }
        break;
      }
      case 'FROM': {
        const args = words.filter((w) => !w.startsWith('--'));
        const base = args[0] ?? '';
        const name = args[1]?.toUpperCase() === 'AS' ? args[2]?.toLowerCase() : undefined;
        const platform = flagValue(ins, 'platform');
        const resolvedBase = resolveVars(base, globals);
        const fromStage = info.stages.find(
          (s) => s.name && s.name === resolvedBase?.toLowerCase(),
        )?.name;
        info.stages.push({
          index: info.stages.length,
          name,
          base,
          resolvedBase,
          fromStage,
          platform,
          line,
        });
        break;
      }
      case 'COPY':
      case 'ADD': {
        const sources = (jsonForm(ins) ?? words.filter((w) => !w.startsWith('--'))).slice(0, -1);
        const checksum = keyword === 'ADD' ? flagValue(ins, 'checksum') : undefined;
        info.copies.push({
          instruction: keyword,
          stage,
          from: flagValue(ins, 'from'),
          sources,
          line,
          ...(checksum ? { checksum } : {}),
        });
        break;
      }
      case 'RUN': {
        for (const flag of flagsOf(ins).filter((f) => f.getName() === 'mount')) {
          const option = (...names: string[]) =>
            names.map((n) => flag.getOption(n)?.getValue() ?? undefined).find((v) => v);
          const type = option('type') ?? 'bind';
          const from = option('from');
          const source = option('source', 'src');
          info.runMounts.push({
            stage,
            type,
            line,
            ...(from ? { from } : {}),
            ...(source ? { source } : {}),
          });
        }
        break;
      }
    }
  }
  if (info.stages.length === 0) throw new DockerfileError('has no FROM instruction', o.file);
  return info;
}

type FlagLike = {
  getName(): string;
  getValue(): string | null;
  getOption(name: string): { getValue(): string | null } | null;
};

function flagsOf(ins: Instruction): FlagLike[] {
  const withFlags = ins as unknown as { getFlags?: () => FlagLike[] };
  return typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : [];
}

function flagValue(ins: Instruction, name: string): string | undefined {
  return (
    flagsOf(ins)
      .find((f) => f.getName() === name)
      ?.getValue() ?? undefined
  );
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** `${A}`, `$A`, `${A:-x}`, `${A:+x}` from known values; undefined when one has no value. */
function resolveVars(text: string, vars: Map<string, string | undefined>): string | undefined {
  let unresolved = false;
  const out = text.replace(
    /\$(?:\{(\w+)(?::([-+])([^}]*))?\}|(\w+))/g,
    (_m, braced: string, op: string, word: string, bare: string) => {
      const value = vars.get(braced ?? bare);
      if (op === '-') return value ? value : word;
      if (op === '+') return value ? word : '';
      if (value === undefined) unresolved = true;
      return value ?? '';
    },
  );
  return unresolved ? undefined : out;
}

/**
 * The operands of the JSON form (`COPY ["my app", "/app"]`), which may hold spaces; undefined
 * for the shell form. Read from the raw text: dockerfile-ast drops the spaces inside them.
 */
function jsonForm(ins: Instruction): string[] | undefined {
  const raw = ins.getArgumentsContent()?.trim();
  if (!raw?.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((v) => typeof v === 'string') ? parsed : undefined;
  } catch {
    return undefined; // not valid JSON: Docker reads it as the shell form too
  }
}
