// @nx/docker (23.x) has no build executor: its plugin infers `docker:build` (`docker build .`
// run in the project's folder, `--tag <imageRef>` first) and `docker:run` for every
// `Dockerfile`, with options from its nx.json entry and per-project overrides in
// project.json. This turns one project's effective build into docker-build options (the
// override of the target inferred here) and writes the run target out as the command it was.
import type { TargetConfiguration } from '@nx/devkit';
import { convertDockerArgs } from './docker-cli-args';
import type { Note } from './notes';
import { configurationOf, keepValid, newNotes, simplifyTags } from './target-options';

export const NX_DOCKER = '@nx/docker';

/** One of @nx/docker's target settings (`buildTarget`/`runTarget`), normalized. */
export interface NxDockerTarget {
  name: string;
  args?: string[];
  env?: Record<string, string>;
  envFile?: string;
  cwd?: string;
  skipDefaultTag?: boolean;
  configurations?: Record<string, Omit<NxDockerTarget, 'name' | 'configurations'>>;
}

type Options = Record<string, unknown>;

export function normalizeNxDockerOptions(raw: unknown): {
  buildTarget: NxDockerTarget;
  runTarget: NxDockerTarget;
} {
  const o = (raw ?? {}) as { buildTarget?: unknown; runTarget?: unknown };
  const one = (t: unknown, name: string): NxDockerTarget =>
    typeof t === 'string'
      ? { name: t }
      : t && typeof t === 'object'
        ? { ...(t as NxDockerTarget), name: (t as NxDockerTarget).name ?? name }
        : { name };
  return {
    buildTarget: one(o.buildTarget, 'docker:build'),
    runTarget: one(o.runTarget, 'docker:run'),
  };
}

/** @nx/docker's image name for a project: its folder path, dashed and lowercased. */
export function nxDockerImageRef(projectRoot: string, workspaceName = 'workspace'): string {
  const root = projectRoot === '.' ? workspaceName : projectRoot;
  const name = root
    .replace(/^[\\/]/, '')
    .replace(/[\\/\s]+/g, '-')
    .toLowerCase();
  return name.length > 128 ? name.slice(-128) : name;
}

/** The options @nx/docker's plugin gives a target (its buildTargetOptions). */
function inferredOptions(
  t: Omit<NxDockerTarget, 'name' | 'configurations'>,
  root: string,
  imageRef: string,
  isRun: boolean,
): Options {
  const options: Options = { cwd: t.cwd ?? root };
  if (isRun) {
    if (t.args) options.args = t.args;
  } else
    options.args = t.skipDefaultTag ? (t.args ?? []) : [`--tag ${imageRef}`, ...(t.args ?? [])];
  if (t.env) options.env = t.env;
  if (t.envFile) options.envFile = t.envFile;
  return options;
}

/** Whether a project.json target of that name overrides the inferred one (no executor of its own). */
export function isOverride(target: TargetConfiguration | undefined, isRun: boolean): boolean {
  if (!target) return false;
  if (target.executor && target.executor !== 'nx:run-commands') return false;
  const command = (target.command ?? (target.options as Options | undefined)?.command) as
    string | undefined;
  return (
    command === undefined || (isRun ? /^docker run /.test(command) : command === 'docker build .')
  );
}

/** Inferred target + project.json override, as Nx merges them. */
function effective(
  t: NxDockerTarget,
  override: TargetConfiguration | undefined,
  root: string,
  imageRef: string,
  isRun: boolean,
) {
  const useOverride = isOverride(override, isRun) ? override : undefined;
  const options = {
    ...inferredOptions(t, root, imageRef, isRun),
    ...(useOverride?.options as Options | undefined),
  };
  const configs: Record<string, Options> = {};
  for (const [name, c] of Object.entries(t.configurations ?? {}))
    configs[name] = inferredOptions(
      { ...c, skipDefaultTag: c.skipDefaultTag ?? t.skipDefaultTag },
      root,
      imageRef,
      isRun,
    );
  for (const [name, c] of Object.entries(useOverride?.configurations ?? {}))
    configs[name] = { ...configs[name], ...(c as Options) };
  return { options, configs, override: useOverride };
}

/** docker-build options for `docker build <args> .` run in `cwd`, checked. */
function buildOptions(
  o: Options,
  project: { name: string; root: string },
  imageRef: string,
  where: string,
) {
  const cwd =
    typeof o.cwd === 'string' ? o.cwd.replace(/\{projectRoot\}/g, project.root) : project.root;
  const args = Array.isArray(o.args)
    ? o.args.map(String)
    : typeof o.args === 'string'
      ? [o.args]
      : [];
  const c = convertDockerArgs(
    args,
    cwd,
    { projectRoot: project.root, projectName: project.name, imageRef },
    where,
  );
  const options: Options = { ...(cwd !== '.' ? { context: cwd } : {}), ...c.options };
  if (options.file === undefined && cwd !== project.root)
    options.file = `${cwd === '.' ? '' : `${cwd}/`}Dockerfile`;
  for (const key of ['env', 'envFile'])
    if (o[key] !== undefined)
      c.notes.push({
        where,
        option: key,
        why: 'docker-build has no environment option; set the variables in the shell or CI job that runs nx',
      });
  for (const key of Object.keys(o))
    if (!['cwd', 'args', 'env', 'envFile', 'command', '__unparsed__'].includes(key))
      c.notes.push({
        where,
        option: key,
        why: "is not an option of @nx/docker's build target; dropped",
      });
  return {
    options: keepValid(simplifyTags(options, project.name), where, c.notes),
    notes: c.notes,
  };
}

/**
 * The project.json targets that replace @nx/docker's for one project: the build target
 * as an override of the inferred docker-build (no executor: Nx merges it), the run target
 * as the command @nx/docker inferred.
 */
export function convertNxDockerProject(
  plugin: { buildTarget: NxDockerTarget; runTarget: NxDockerTarget },
  project: { name: string; root: string; targets: Record<string, TargetConfiguration> },
  workspaceName?: string,
): { build: TargetConfiguration; run: TargetConfiguration; notes: Note[] } {
  const imageRef = nxDockerImageRef(project.root, workspaceName);
  const where = `${project.name}:${plugin.buildTarget.name}`;
  const b = effective(
    plugin.buildTarget,
    project.targets[plugin.buildTarget.name],
    project.root,
    imageRef,
    false,
  );
  const base = buildOptions(b.options, project, imageRef, where);
  const notes = [...base.notes];
  const configurations: Record<string, Options> = {};
  for (const [name, c] of Object.entries(b.configs)) {
    const at = `${where}:${name}`;
    const eff = buildOptions({ ...b.options, ...c }, project, imageRef, at);
    notes.push(...newNotes(base.notes, eff.notes));
    configurations[name] = configurationOf(base.options, eff.options, at, notes);
  }
  const {
    options: _o,
    configurations: _c,
    command: _cmd,
    executor: _e,
    ...rest
  } = b.override ?? {};
  const build: TargetConfiguration = {
    ...rest,
    options: base.options,
    ...(Object.keys(configurations).length ? { configurations } : {}),
  };

  const r = effective(
    plugin.runTarget,
    project.targets[plugin.runTarget.name],
    project.root,
    imageRef,
    true,
  );
  const run: TargetConfiguration = {
    dependsOn: [plugin.buildTarget.name],
    command: `docker run {args} ${imageRef}`,
    ...(r.override ? (({ options: _x, configurations: _y, ...keep }) => keep)(r.override) : {}),
    options: r.options,
    ...(Object.keys(r.configs).length ? { configurations: r.configs } : {}),
  };
  return { build, run, notes };
}
