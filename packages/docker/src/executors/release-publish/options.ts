import { z } from 'zod';

const text = z.string().trim().min(1);

// The one declaration of release-publish's options; schema.json is generated from it.
// dryRun, registry, tag, firstRelease and nxReleaseVersionData are what `nx release`
// passes to every nx-release-publish target (nx/src/command-line/release/publish).
export const releasePublishSchema = z
  .strictObject({
    buildTarget: text
      .default('docker-build')
      .describe(
        "The project's target that builds the image (an @nx-buildx/docker:docker-build target): its imageName, registry and first tag name the image to publish.",
      ),
    version: text
      .optional()
      .describe(
        "Version to publish. Default: the new version `nx release` just gave the project, else the version in the project's package.json.",
      ),
    aliases: z
      .boolean()
      .default(true)
      .describe(
        'Also tag the major.minor and major versions (1.2.3 also as 1.2 and 1); never for a prerelease such as 1.3.0-rc.1.',
      ),
    latest: z.boolean().default(false).describe('Also tag latest (never for a prerelease).'),
    tag: text
      .optional()
      .describe(
        'One more tag to push, e.g. next; `nx release publish --tag next` sets it (npm calls it a dist-tag).',
      ),
    registry: text
      .optional()
      .describe(
        "Registry (and namespace) to push to instead of the build target's, e.g. ghcr.io/acme; `nx release publish --registry …` sets it.",
      ),
    dryRun: z
      .boolean()
      .default(false)
      .describe(
        'Say which tags would be added and pushed; tag and push nothing. `nx release --dry-run` sets it.',
      ),
    firstRelease: z
      .boolean()
      .optional()
      .describe('Set by `nx release --first-release`; an image release needs nothing different.'),
    nxReleaseVersionData: z
      .record(z.string(), z.unknown())
      .optional()
      // Nx checks options against schema.json first; it only skips the values of an
      // object with additionalProperties: true (a project's entry may be null).
      .meta({ additionalProperties: true })
      .describe(
        'Set by `nx release`: the new version of each project (a project without a new version publishes nothing).',
      ),
  })
  .meta({
    title: 'release-publish',
    description:
      "Publishes the project's already-built image for `nx release`: tags it with the released version (and 1.2 / 1 aliases) and pushes those tags.",
  });

export type ReleasePublishOptions = z.output<typeof releasePublishSchema>;
