// `nx g @nx-buildx/docker:migrate`: converts @nx-tools/nx-container targets and plugin entry
// and @nx/docker's plugin entry and targets into this plugin's, says what it changed
// (one line per option) and what it could not convert (one line each, with why).
import type {
  NxJsonConfiguration,
  ProjectConfiguration,
  TargetConfiguration,
  Tree,
} from '@nx/devkit';
import {
  addProjectConfiguration,
  formatFiles,
  getProjects,
  logger,
  readNxJson,
  updateJson,
  updateNxJson,
  updateProjectConfiguration,
  visitNotIgnoredFiles,
} from '@nx/devkit';
import { posix } from 'node:path';
import type { Note } from './notes';
import { noteLine } from './notes';
import {
  dockerBuildOptions,
  convertNxContainerTarget,
  NX_CONTAINER_EXECUTOR,
} from './nx-container-target';
import {
  convertNxDockerProject,
  isOverride,
  normalizeNxDockerOptions,
  NX_DOCKER,
  nxDockerImageRef,
} from './nx-docker-project';
import type { MigrateOptions } from './options';
import { migrateSchema } from './options';
import { entryFor, NX_CONTAINER, scopeOf } from './plugin-entries';
import { DOCKER_BUILD } from '../../lib/executor-names';
import { isOurEntry, PLUGIN_NAME, pluginName } from '../lib/plugin-entry';
import { targetDiff } from './target-diff';

/** What a run changed and could not change: printed by the generator, returned by {@link migrate}. */
export interface MigrateReport {
  changes: string[];
  notes: Note[];
}

export async function migrateGenerator(tree: Tree, raw: Partial<MigrateOptions>): Promise<void> {
  const parsed = migrateSchema.safeParse(raw ?? {});
  if (!parsed.success)
    throw new Error(
      `migrate: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')}`,
    );
  const options = parsed.data;
  const report = migrate(tree, options);
  print(report);
  if (report.changes.length && !options.skipFormat) await formatFiles(tree);
  // Nothing returned: Nx would run a returned value as a task.
}

export default migrateGenerator;

/** The whole migration on the tree, without printing. */
export function migrate(tree: Tree, options: MigrateOptions): MigrateReport {
  const changes: string[] = [];
  const notes: Note[] = [];
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const projects = getProjects(tree);
  if (options.project && !projects.has(options.project))
    throw new Error(
      `migrate: there is no project "${options.project}" (nx show projects lists them); leave out --project to migrate the whole workspace`,
    );
  const wholeWorkspace = !options.project;

  const dockerEntry = plugins.find((p) => pluginName(p) === NX_DOCKER);
  const containerEntry = plugins.find((p) => pluginName(p) === NX_CONTAINER);
  if (!wholeWorkspace)
    for (const p of [dockerEntry, containerEntry].filter(Boolean))
      notes.push({
        where: 'nx.json',
        option: pluginName(p as never),
        why: 'its entry applies to every project; run migrate without --project to convert it',
      });
  // @nx/docker's target settings, converted for every project with a Dockerfile
  const nxDocker =
    wholeWorkspace && dockerEntry
      ? normalizeNxDockerOptions(typeof dockerEntry === 'string' ? {} : dockerEntry.options)
      : undefined;
  const containerOptions =
    typeof containerEntry === 'object'
      ? (containerEntry.options as Record<string, unknown> | undefined)
      : undefined;
  const containerTarget =
    typeof containerOptions?.buildTargetName === 'string'
      ? containerOptions.buildTargetName
      : 'container';

  for (const [name, project] of projects) {
    if (options.project && name !== options.project) continue;
    const targets: Record<string, TargetConfiguration> = { ...(project.targets ?? {}) };
    const changed: Record<string, TargetConfiguration> = {};
    const set = (targetName: string, target: TargetConfiguration, what: string) => {
      changed[targetName] = target;
      changes.push(
        `${name}:${targetName} (${what})`,
        ...targetDiff(targets[targetName], target).map((l) => `    ${l}`),
      );
      targets[targetName] = target;
    };
    for (const [targetName, target] of Object.entries(project.targets ?? {})) {
      const where = `${name}:${targetName}`;
      if (target.executor === NX_CONTAINER_EXECUTOR) {
        const c = convertNxContainerTarget(target, name, where);
        notes.push(...c.notes);
        if (c.target) set(targetName, c.target, `${NX_CONTAINER_EXECUTOR} → ${DOCKER_BUILD}`);
      } else if (
        wholeWorkspace &&
        containerEntry &&
        targetName === containerTarget &&
        !target.executor &&
        !target.command
      ) {
        // Options merged over nx-container's inferred target: in nx-container's spelling.
        const c = dockerBuildOptions(
          (target.options ?? {}) as Record<string, unknown>,
          name,
          where,
        );
        notes.push(...c.notes);
        set(
          targetName,
          { ...target, executor: DOCKER_BUILD, options: c.options },
          `options over ${NX_CONTAINER}'s inferred target`,
        );
      }
    }
    if (nxDocker && tree.exists(posix.join(project.root, 'Dockerfile'))) {
      const c = convertNxDockerProject(nxDocker, {
        name,
        root: project.root,
        targets: project.targets ?? {},
      });
      notes.push(...c.notes);
      // A target of that name with an executor of its own replaced @nx/docker's: it stays.
      const own = (targetName: string, isRun: boolean) => {
        const mine = project.targets?.[targetName];
        if (!mine || isOverride(mine, isRun)) return false;
        notes.push({
          where: `${name}:${targetName}`,
          option: 'target',
          why: `has its own ${mine.executor ?? 'command'}, which replaced ${NX_DOCKER}'s; left as it is`,
        });
        return true;
      };
      if (!own(nxDocker.buildTarget.name, false))
        set(
          nxDocker.buildTarget.name,
          { ...c.build, executor: DOCKER_BUILD },
          `${NX_DOCKER}'s inferred build → ${DOCKER_BUILD}`,
        );
      if (!own(nxDocker.runTarget.name, true))
        set(nxDocker.runTarget.name, c.run, `${NX_DOCKER}'s inferred run, written out`);
    }
    if (Object.keys(changed).length) writeTargets(tree, name, project, targets, changed);
  }

  if (nxDocker) {
    // @nx/docker makes a project of any folder with a Dockerfile; the graph plugin here
    // infers targets for projects (project.json or package.json): such a folder gets one.
    const roots = new Set([...projects.values()].map((p) => p.root));
    const orphans: string[] = [];
    visitNotIgnoredFiles(tree, '', (file) => {
      const dir = posix.dirname(file);
      if (
        posix.basename(file) === 'Dockerfile' &&
        !roots.has(dir) &&
        !tree.exists(posix.join(dir, 'package.json'))
      )
        orphans.push(dir);
    });
    for (const root of orphans) {
      const name = nxDockerImageRef(root);
      if (projects.has(name)) {
        notes.push({
          where: `${root}/Dockerfile`,
          option: 'project',
          why: `@nx/docker made ${root} a project named ${name}, a name another project has; add a project.json with another name`,
        });
        continue;
      }
      const c = convertNxDockerProject(nxDocker, { name, root, targets: {} });
      notes.push(...c.notes);
      const targets = {
        [nxDocker.buildTarget.name]: { ...c.build, executor: DOCKER_BUILD },
        [nxDocker.runTarget.name]: c.run,
      };
      addProjectConfiguration(tree, name, { root, targets });
      changes.push(
        `${name}: ${root}/project.json created (@nx/docker made it a project from its Dockerfile alone)`,
        ...targetDiff({}, targets).map((l) => `    ${l}`),
      );
    }
  }

  const nextNxJson: Partial<NxJsonConfiguration> = {};
  if (wholeWorkspace && (dockerEntry || containerEntry)) {
    let ours = plugins.some(isOurEntry);
    const next = plugins.flatMap((p) => {
      if (p !== dockerEntry && p !== containerEntry) return [p];
      const entry = entryFor(p);
      notes.push(...entry.notes);
      if (!entry.options) return [p]; // left as it is (reported)
      if (ours) {
        notes.push({
          where: `nx.json ${pluginName(p)}`,
          option: 'entry',
          why: `removed; the ${PLUGIN_NAME} entry already there infers the targets (check its buildTargetName and options)`,
        });
        changes.push(`nx.json: ${pluginName(p)} entry removed`);
        return [];
      }
      ours = true;
      const mine = {
        plugin: PLUGIN_NAME,
        ...(Object.keys(entry.options).length ? { options: entry.options } : {}),
        ...scopeOf(p),
      };
      changes.push(`nx.json: ${pluginName(p)} → ${JSON.stringify(mine)}`);
      return [mine];
    });
    if (JSON.stringify(next) !== JSON.stringify(plugins)) nextNxJson.plugins = next;
  }

  if (wholeWorkspace) {
    const td = convertTargetDefaults(nxJson.targetDefaults ?? {});
    notes.push(...td.notes);
    changes.push(...td.changes);
    if (td.changes.length) nextNxJson.targetDefaults = td.defaults;
  }
  if (nextNxJson.plugins || nextNxJson.targetDefaults)
    updateNxJson(tree, { ...nxJson, ...nextNxJson });
  return { changes, notes };
}

/**
 * targetDefaults for nx-container: keyed by its executor (they then apply to docker-build's
 * targets) or naming it as a target name's executor (converted in place).
 */
function convertTargetDefaults(defaults: NonNullable<NxJsonConfiguration['targetDefaults']>) {
  const notes: Note[] = [];
  const changes: string[] = [];
  const out: typeof defaults = {};
  for (const [key, value] of Object.entries(defaults)) {
    const byExecutor = key === NX_CONTAINER_EXECUTOR;
    if (Array.isArray(value)) {
      // Filtered defaults (Nx 23): per-entry conditions this cannot judge.
      if (byExecutor || value.some((e) => e.executor === NX_CONTAINER_EXECUTOR))
        notes.push({
          where: `nx.json targetDefaults["${key}"]`,
          option: 'entries',
          why: 'filtered defaults (a list) are not converted; convert their options by hand (docs/migration.md)',
        });
      out[key] = value;
      continue;
    }
    if (!byExecutor && value.executor !== NX_CONTAINER_EXECUTOR) {
      out[key] ??= value;
      continue;
    }
    const where = `nx.json targetDefaults["${key}"]`;
    const c = convertNxContainerTarget({ ...value, executor: NX_CONTAINER_EXECUTOR }, '', where);
    notes.push(...c.notes);
    const newKey = byExecutor ? DOCKER_BUILD : key;
    if (!c.target || (byExecutor && defaults[DOCKER_BUILD])) {
      if (c.target)
        notes.push({
          where,
          option: 'entry',
          why: `targetDefaults["${DOCKER_BUILD}"] exists already; merge the two by hand`,
        });
      out[key] = value;
      continue;
    }
    const { executor: _e, ...rest } = c.target;
    const converted = byExecutor ? rest : c.target;
    out[newKey] = converted;
    changes.push(
      `nx.json targetDefaults: "${key}"${byExecutor ? ` → "${newKey}"` : ''}`,
      ...targetDiff(value, converted).map((l) => `    ${l}`),
    );
  }
  return { defaults: out, notes, changes };
}

/**
 * project.json gets the targets as they now are; a package.json project only the changed
 * ones (its other targets may be its scripts, which Nx infers and must not be written).
 */
function writeTargets(
  tree: Tree,
  name: string,
  project: ProjectConfiguration,
  targets: Record<string, TargetConfiguration>,
  changed: Record<string, TargetConfiguration>,
): void {
  if (tree.exists(posix.join(project.root, 'project.json'))) {
    updateProjectConfiguration(tree, name, { ...project, targets });
    return;
  }
  updateJson(tree, posix.join(project.root, 'package.json'), (pkg) => {
    pkg.nx = { ...pkg.nx, targets: { ...pkg.nx?.targets, ...changed } };
    return pkg;
  });
}

function print({ changes, notes }: MigrateReport): void {
  if (!changes.length && !notes.length) {
    logger.info(
      `migrate: nothing to migrate (no ${NX_CONTAINER_EXECUTOR} targets, no ${NX_CONTAINER} or ${NX_DOCKER} entry or nx-container targetDefaults in nx.json).`,
    );
    return;
  }
  if (changes.length)
    logger.info(
      `migrate: changed\n${changes.map((c) => (c.startsWith('    ') ? c : `  ${c}`)).join('\n')}`,
    );
  else logger.info('migrate: nothing converted.');
  if (notes.length)
    logger.warn(
      `migrate: not converted (${notes.length}):\n${notes.map((n) => `  ${noteLine(n)}`).join('\n')}`,
    );
}
