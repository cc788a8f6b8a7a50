import type { NxJsonConfiguration, Tree } from '@nx/devkit';
import { readNxJson } from '@nx/devkit';
import type { PluginOptions } from '../../graph/plugin-options';
import { normalizePluginOptions } from '../../graph/plugin-options';

/** The package name a user writes in nx.json "plugins". */
export const PLUGIN_NAME = '@nx-buildx/docker';

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

/** The package an nx.json "plugins" entry names (`"name"` or `{plugin: "name", …}`). */
export const pluginName = (entry: PluginEntry): string =>
  typeof entry === 'string' ? entry : entry.plugin;

/** Whether an nx.json "plugins" entry is this plugin. */
export function isOurEntry(entry: PluginEntry): boolean {
  return pluginName(entry) === PLUGIN_NAME;
}

/** This plugin's entry in nx.json, if registered. */
export function findPluginEntry(nxJson: NxJsonConfiguration | null): PluginEntry | undefined {
  return nxJson?.plugins?.find(isOurEntry);
}

/**
 * The graph plugin's options as the inferred targets use them (target names, image name,
 * cache strategy), read from nx.json through the plugin's own normalization; the
 * defaults when the plugin is not registered.
 */
export function pluginOptionsOf(tree: Tree): PluginOptions {
  const entry = findPluginEntry(readNxJson(tree));
  return normalizePluginOptions(typeof entry === 'object' ? entry.options : undefined);
}
