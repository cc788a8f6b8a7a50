import type { GeneratorCallback, Tree } from '@nx/devkit';
import { logger, readNxJson, updateNxJson } from '@nx/devkit';
import { homedir } from 'node:os';
import { userCacheRoot } from '../../image/cache-location';
import { finish, generatorOptions } from '../lib/run-generator';
import { findPluginEntry, PLUGIN_NAME } from '../lib/plugin-entry';
import { ignoreInGit } from './gitignore';
import type { InitOptions } from './options';
import { initSchema } from './options';

/**
 * `nx add @nx-buildx/docker` runs this: the plugin entry in nx.json with the options users
 * change most written out, the local cache directory (when it is inside the workspace) in
 * .gitignore, and the next steps. A second run changes nothing.
 */
export async function initGenerator(tree: Tree, raw: unknown): Promise<GeneratorCallback> {
  const options = generatorOptions('init', initSchema, raw);
  const registered = registerPlugin(tree, options);
  const ignored = ignoreInGit(tree, userCacheRoot(process.env, homedir()));
  await finish(tree, options);
  return () => {
    logger.info(
      registered
        ? `${PLUGIN_NAME}: registered the graph plugin in nx.json.`
        : `${PLUGIN_NAME}: already registered in nx.json; its options are left as they are.`,
    );
    if (ignored)
      logger.info(`${PLUGIN_NAME}: added ${ignored} (the local build cache) to .gitignore.`);
    logger.info(nextSteps(options).join('\n'));
  };
}

/** Adds the entry unless one is there (as a string or an object); true when it wrote it. */
function registerPlugin(tree: Tree, o: InitOptions): boolean {
  const nxJson = readNxJson(tree) ?? {};
  if (findPluginEntry(nxJson)) return false;
  const options = {
    buildTargetName: o.buildTargetName,
    freshTargetName: o.freshTargetName,
    imageName: o.imageName,
    ...(o.registry ? { registry: o.registry } : {}),
    cacheStrategy: o.cacheStrategy,
    cache: o.cache,
  };
  nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: PLUGIN_NAME, options }];
  updateNxJson(tree, nxJson);
  return true;
}

function nextSteps(o: InitOptions): string[] {
  return [
    'Next steps:',
    `  - Every project with a Dockerfile now has ${o.buildTargetName} and ${o.freshTargetName}: nx show project <name>`,
    `  - No Dockerfile yet? nx g ${PLUGIN_NAME}:dockerfile --project <name>`,
    `  - Send only what the build needs: nx g ${PLUGIN_NAME}:dockerignore --project <name>`,
    `  - Build: nx run <name>:${o.buildTargetName}   (in CI: nx affected -t ${o.buildTargetName})`,
    `  - Prefer targets in project.json? nx g ${PLUGIN_NAME}:configuration --project <name>`,
    '  - Plugin options (target names, imageName, registry, cacheStrategy, cache) are in nx.json "plugins".',
  ];
}

export default initGenerator;
