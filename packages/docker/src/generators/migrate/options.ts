import { z } from 'zod';

// The one declaration of migrate's options; schema.json is generated from it.
export const migrateSchema = z
  .strictObject({
    project: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "Migrate this project's targets only. Default: every project, and the @nx/docker and @nx-tools/nx-container entries in nx.json (workspace-wide, so not with --project).",
      ),
    skipFormat: z
      .boolean()
      .default(false)
      .describe('Do not format the files migrate changed (prettier, when the workspace has it).'),
  })
  .meta({
    title: 'migrate',
    description:
      "Converts @nx-tools/nx-container targets and plugin entry, and @nx/docker's plugin entry and targets, into @nx-buildx/docker targets and plugin options; prints what it could not convert and why.",
  });

export type MigrateOptions = z.output<typeof migrateSchema>;
