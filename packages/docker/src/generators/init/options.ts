import { z } from 'zod';
import { PLUGIN_CACHE_STRATEGIES } from '../../graph/plugin-options';

const targetName = z
  .string()
  .trim()
  .regex(/^[\w.:-]+$/, 'must be a target name (letters, digits, _ . : -)');

// The one declaration of init's options; schema.json is generated from it. The plugin
// options here are those written into nx.json; the graph plugin validates them again.
export const initSchema = z
  .strictObject({
    buildTargetName: targetName
      .default('docker-build')
      .describe('Name of the inferred cached build target (plugin option buildTargetName).'),
    freshTargetName: targetName
      .default('docker-fresh')
      .describe('Name of the inferred fresh build target (plugin option freshTargetName).'),
    imageName: z
      .string()
      .trim()
      .min(1)
      .default('{projectName}')
      .describe(
        'Image name of every project; {projectName} is the project name as an image name (plugin option imageName).',
      ),
    registry: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Registry prefix of every image, e.g. ghcr.io/acme (plugin option registry).'),
    cacheStrategy: z
      .enum(PLUGIN_CACHE_STRATEGIES)
      .default('auto')
      .describe(
        'Cache strategy of docker-build: auto picks gha, registry, local or the engine cache by where it runs (plugin option cacheStrategy).',
      ),
    cache: z
      .boolean()
      .default(false)
      .describe(
        'Let Nx cache docker-build (safe: its runtime input checks the image is still there) (plugin option cache).',
      ),
    skipFormat: z.boolean().default(false).describe('Do not format the files written.'),
  })
  .meta({
    title: 'init',
    description:
      'Registers the @nx-buildx/docker graph plugin in nx.json (projects with a Dockerfile get docker-build and docker-fresh) and keeps a local cache directory inside the workspace out of git. Run by `nx add @nx-buildx/docker`.',
  });
export type InitOptions = z.output<typeof initSchema>;
