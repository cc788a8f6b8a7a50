// The graph plugins' entries in nx.json: @nx/docker's and @nx-tools/nx-container's become
// one @nx-buildx/docker entry with their build target name, so `nx run-many -t <name>`
// keeps working.
import type { PluginConfiguration } from '@nx/devkit';
import { pluginName } from '../lib/plugin-entry';
import type { Note } from './notes';
import { normalizeNxDockerOptions, NX_DOCKER } from './nx-docker-project';

export const NX_CONTAINER = '@nx-tools/nx-container';

const optionsOf = (p: PluginConfiguration): Record<string, unknown> =>
  typeof p === 'string' ? {} : ((p.options as Record<string, unknown> | undefined) ?? {});

/** Our plugin options for one foreign entry, or why it stays. */
export function entryFor(p: PluginConfiguration): {
  options?: Record<string, unknown>;
  notes: Note[];
} {
  const where = `nx.json ${pluginName(p)}`;
  const o = optionsOf(p);
  const notes: Note[] = [];
  if (pluginName(p) === NX_DOCKER) {
    const { buildTarget, runTarget } = normalizeNxDockerOptions(o);
    notes.push({
      where,
      option: 'nx-release-publish',
      why: "@nx/docker's release publishing (nx release with release.docker) goes with its entry; keep @nx/docker registered if you publish images through nx release",
    });
    for (const k of Object.keys(o))
      if (k !== 'buildTarget' && k !== 'runTarget')
        notes.push({ where, option: k, why: 'is not an option of @nx/docker; dropped' });
    void runTarget; // written per project as a command target
    return {
      options: buildTarget.name === 'docker-build' ? {} : { buildTargetName: buildTarget.name },
      notes,
    };
  }
  // @nx-tools/nx-container: `container` with tags <registry>/<project>:dev, load, and a
  // `ci` configuration that pushes with metadata-action tags.
  const engine = o.defaultEngine ?? 'docker';
  if (engine !== 'docker')
    return {
      notes: [
        {
          where,
          option: `defaultEngine ${String(engine)}`,
          why: '@nx-buildx/docker builds with docker buildx only; entry left as it is',
        },
      ],
    };
  const name = typeof o.buildTargetName === 'string' ? o.buildTargetName : 'container';
  const registry = typeof o.defaultRegistry === 'string' ? o.defaultRegistry : 'docker.io';
  notes.push({
    where,
    option: `${name}:ci`,
    why:
      'plugin options here have no configurations; push from CI with `nx run <project>:' +
      name +
      ' --push --tags={branch} --tags=sha-{shortSha}`',
  });
  for (const k of Object.keys(o))
    if (!['buildTargetName', 'defaultEngine', 'defaultRegistry'].includes(k))
      notes.push({ where, option: k, why: 'is not an option of @nx-tools/nx-container; dropped' });
  return {
    options: {
      ...(name === 'docker-build' ? {} : { buildTargetName: name }),
      ...(registry ? { registry } : {}),
      tags: ['dev'],
    },
    notes,
  };
}

/** include/exclude of an entry carry over: they say which projects it applies to. */
export function scopeOf(p: PluginConfiguration): { include?: string[]; exclude?: string[] } {
  if (typeof p === 'string') return {};
  return {
    ...(p.include ? { include: p.include } : {}),
    ...(p.exclude ? { exclude: p.exclude } : {}),
  };
}
