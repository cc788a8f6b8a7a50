import { z } from 'zod';

const text = z.string().trim().min(1);

// The one declaration of dockerignore's options; schema.json is generated from it.
export const dockerignoreSchema = z
  .strictObject({
    project: text.describe('The project whose image build the .dockerignore is for.').meta({
      'x-prompt': 'Which project is the .dockerignore for?',
      'x-dropdown': 'projects',
      $default: { $source: 'argv', index: 0 },
    }),
    mode: z
      .enum(['graph', 'simple'])
      .default('graph')
      .describe(
        "graph: exclude everything, then re-include only the project, the projects it depends on (from the Nx graph), the root config and lockfile and its build output. simple: the classic list of what never belongs in a context (node_modules, .git, secrets, other projects' output…).",
      ),
    dockerfile: text
      .optional()
      .describe(
        "The Dockerfile, workspace-relative. Default: the project's Dockerfile (else its only Dockerfile.<v> / <v>.Dockerfile).",
      ),
    context: z
      .string()
      .trim()
      .optional()
      .describe(
        "The build context, workspace-relative. Default: the docker-build target's context, else the workspace root. With the workspace root the file is <Dockerfile>.dockerignore (Docker reads it before the context's .dockerignore), else <context>/.dockerignore.",
      ),
    buildTarget: text
      .default('build')
      .describe('The target whose outputs are the build output the image copies.'),
    skipFormat: z.boolean().default(false).describe('Do not format the files written.'),
  })
  .meta({
    title: 'dockerignore',
    description:
      "Writes the .dockerignore that applies to a project's image build, derived from the Nx project graph, so the context holds only what the image can need and a change in an unrelated project changes nothing.",
  });
export type DockerignoreOptions = z.output<typeof dockerignoreSchema>;
