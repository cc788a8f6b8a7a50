import { PROGRESS_MODES } from '@nx-buildx/buildx';
import { z } from 'zod';

const text = z.string().trim().min(1);

// The one declaration of docker-bake's options; schema.json is generated from it.
export const dockerBakeSchema = z
  .strictObject({
    files: z
      .array(text)
      .default([])
      .describe('Bake files: HCL, JSON or compose. Not needed with fromGraph.')
      .meta({ examples: [['docker-bake.hcl']] }),
    targets: z
      .array(text)
      .default([])
      .describe("Targets or groups to build. Default: the file's default group.")
      .meta({ examples: [['api', 'web']] }),
    set: z
      .array(text)
      .default([])
      .describe('Overrides, target.key=value (--set), e.g. *.platform=linux/arm64.'),
    load: z.boolean().default(false).describe('Load every image into the engine (--load).'),
    push: z.boolean().default(false).describe('Push every image (--push).'),
    print: z
      .boolean()
      .default(false)
      .describe('Dry run: print the resolved bake definition and build nothing.'),
    noCache: z.boolean().default(false).describe('Do not use cache (--no-cache).'),
    pull: z.boolean().default(false).describe('Always pull base images (--pull).'),
    builder: text
      .optional()
      .describe('Builder instance to use (--builder).')
      .meta({ examples: ['ci-builder'] }),
    stallTimeout: text
      .optional()
      .describe(
        'Give up on a build or push that prints nothing for this long (90s, 10m, 1h), stopping its docker processes with a STALLED error that names the step or registry it waited on. Unset: no limit. Either way, silence is reported after 30 s and then every minute (NX_BUILDX_STALL_NOTICE sets that interval).',
      )
      .meta({ examples: ['10m'] }),
    progress: z
      .enum(PROGRESS_MODES)
      .optional()
      .describe('BuildKit progress output. Default: auto, or plain when CI is set.'),
    fromGraph: z
      .boolean()
      .default(false)
      .describe(
        "Write the bake definition from the Nx projects' docker-build options; an image built on another project's image is baked in a second run that reads the base from the engine, as a single build does (so every path gives the same image); the definition of each run is written beside bakeFile (bake.1.json, bake.2.json). Every image is checked before the first run starts; a failed run stops the runs after it, and the runs before it stay built (their caches and reports are the new ones).",
      ),
    projects: z
      .array(text)
      .default([])
      .describe(
        'With fromGraph: the projects to build (plus the projects their images build on). Default: every project with a docker-build target.',
      )
      .meta({ examples: [['api']] }),
    buildTarget: text
      .default('docker-build')
      .describe('With fromGraph: the target whose options describe each image.'),
    bakeFile: text
      .default('dist/docker/bake.json')
      .describe(
        'With fromGraph: where the generated bake definition is written, relative to the workspace root.',
      ),
    metadataFile: text
      .default('dist/docker/bake-metadata.json')
      .describe(
        "Where bake's metadata (per-target digests) is written, relative to the workspace root.",
      ),
  })
  .meta({
    title: 'docker-bake',
    description:
      'Builds many images in one BuildKit run, from bake files or from the Nx project graph.',
  })
  .superRefine((o, ctx) => {
    if (!o.fromGraph && o.files.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['files'],
        message:
          'give bake files (HCL, JSON or compose), or set fromGraph: true to bake the projects of the Nx graph',
      });
    }
    if (!o.fromGraph && o.projects.length)
      ctx.addIssue({
        code: 'custom',
        path: ['projects'],
        message: 'projects is only used with fromGraph: true',
      });
  });
export type DockerBakeOptions = z.output<typeof dockerBakeSchema>;
