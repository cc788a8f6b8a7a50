import { z } from 'zod';
import { PLUGIN_CACHE_STRATEGIES } from '../../graph/plugin-options';

const text = z.string().trim().min(1);
const targetName = z
  .string()
  .trim()
  .regex(/^[\w.:-]+$/, 'must be a target name (letters, digits, _ . : -)');

// The one declaration of configuration's options; schema.json is generated from it. What
// is not given comes from the graph plugin's options in nx.json, so explicit targets are
// named and built like the inferred ones.
export const configurationSchema = z
  .strictObject({
    project: text
      .describe('The project that gets explicit docker targets in its project.json.')
      .meta({
        'x-prompt': 'Which project gets explicit docker-build and docker-fresh targets?',
        'x-dropdown': 'projects',
        $default: { $source: 'argv', index: 0 },
      }),
    dockerfile: text
      .optional()
      .describe(
        "The Dockerfile, workspace-relative. Default: the project's Dockerfile (else its only Dockerfile.<v> / <v>.Dockerfile).",
      ),
    cacheStrategy: z
      .enum(PLUGIN_CACHE_STRATEGIES)
      .optional()
      .describe(
        'Cache strategy written into both targets. Default: the plugin option cacheStrategy, else auto.',
      ),
    imageName: text
      .optional()
      .describe(
        'Image name. Default: the plugin option imageName ({projectName} resolved), with -<v> for a Dockerfile.<v>.',
      ),
    registry: text
      .optional()
      .describe('Registry prefix of the image. Default: the plugin option registry, if any.'),
    buildTargetName: targetName
      .optional()
      .describe(
        'Name of the cached build target. Default: the plugin option buildTargetName (docker-build), with -<v> for a variant.',
      ),
    freshTargetName: targetName
      .optional()
      .describe(
        'Name of the fresh build target. Default: the plugin option freshTargetName (docker-fresh), with -<v> for a variant.',
      ),
    buildTarget: targetName
      .optional()
      .describe(
        "The project's target the image builds from, put in dependsOn. Default: build, when the project has it.",
      ),
    bake: z
      .boolean()
      .default(false)
      .describe(
        'Also add this project to a workspace-level docker-bake target (in the root project.json) that bakes its images from the graph after their builds.',
      ),
    force: z
      .boolean()
      .default(false)
      .describe(
        'Replace existing targets of the same names that differ from what would be written.',
      ),
    skipFormat: z.boolean().default(false).describe('Do not format the files written.'),
  })
  .meta({
    title: 'configuration',
    description:
      'Writes explicit docker-build and docker-fresh targets (and with --bake a workspace docker-bake) into project.json, with the cache strategy, image name and dependsOn, for teams that prefer targets in project.json to inferred ones.',
  });
export type ConfigurationOptions = z.output<typeof configurationSchema>;
