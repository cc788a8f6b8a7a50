// An `@nx-tools/nx-container:build` target → a docker-build target of the same name, its
// configurations included; other target fields (dependsOn, inputs…) are kept.
import type { TargetConfiguration } from '@nx/devkit';
import type { Note } from './notes';
import { convertNxContainerOptions } from './nx-container-options';
import { configurationOf, keepValid, newNotes } from './target-options';
import { DOCKER_BUILD } from '../../lib/executor-names';

export const NX_CONTAINER_EXECUTOR = '@nx-tools/nx-container:build';

type Options = Record<string, unknown>;

/** The converted options of one nx-container options object, checked. */
export function dockerBuildOptions(raw: Options, projectName: string, where: string) {
  const c = convertNxContainerOptions(raw, projectName, where);
  const options = keepValid(c.options, where, c.notes);
  return { options, notes: c.notes };
}

/** The target here, or undefined (with the reason in notes) when it is left as it is. */
export function convertNxContainerTarget(
  target: TargetConfiguration,
  projectName: string,
  where: string,
): { target?: TargetConfiguration; notes: Note[] } {
  const raw = (target.options ?? {}) as Options;
  const configs = (target.configurations ?? {}) as Record<string, Options>;
  const engines = [raw, ...Object.values(configs)]
    .map((o) => o.engine)
    .filter((e) => e !== undefined && e !== 'docker');
  if (engines.length)
    return {
      notes: [
        {
          where,
          option: `engine ${String(engines[0])}`,
          why: '@nx-buildx/docker builds with docker buildx only; target left as it is',
        },
      ],
    };

  const base = dockerBuildOptions(raw, projectName, where);
  const notes = [...base.notes];
  const configurations: Record<string, Options> = {};
  for (const [name, config] of Object.entries(configs)) {
    const at = `${where}:${name}`;
    const eff = dockerBuildOptions({ ...raw, ...config }, projectName, at);
    notes.push(...newNotes(base.notes, eff.notes).map((n) => ({ ...n, where: at })));
    configurations[name] = configurationOf(base.options, eff.options, at, notes);
  }
  const { options: _o, configurations: _c, executor: _e, ...rest } = target;
  return {
    target: {
      ...rest,
      executor: DOCKER_BUILD,
      options: base.options,
      ...(Object.keys(configurations).length ? { configurations } : {}),
    },
    notes,
  };
}
