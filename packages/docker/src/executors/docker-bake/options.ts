import { z } from 'zod';

const text = z.string().trim().min(1);

export const dockerBakeSchema = z
  .object({
    files: z.array(text).default([]),
    targets: z.array(text).default([]),
    set: z.array(text).default([]),
    load: z.boolean().default(false),
    push: z.boolean().default(false),
    print: z.boolean().default(false),
    noCache: z.boolean().default(false),
    pull: z.boolean().default(false),
    builder: text.optional(),
    progress: z.enum(['auto', 'plain', 'tty', 'quiet', 'rawjson']).optional(),
    fromGraph: z.boolean().default(false),
    projects: z.array(text).default([]),
    buildTarget: text.default('docker-build'),
    bakeFile: text.default('dist/docker/bake.json'),
    metadataFile: text.default('dist/docker/bake-metadata.json'),
  })
  .strict()
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
