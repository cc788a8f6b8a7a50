import type { ExecutorContext } from '@nx/devkit';
import { InvalidOptionError, parseOptions, publishImage } from '@nx-buildx/buildx';
import { engineEnvOf, planOfBuildTarget } from '../../lib/build-target';
import { projectFacts } from '../../lib/project';
import { parseReleaseVersion, releaseTags } from '../../image/release-tags';
import { runExecutor } from '../../lib/run-executor';
import { hasRegistryDomain } from '../../image/registry-domain';
import { releasePublishSchema } from './options';

/**
 * `release-publish` (inferred as `nx-release-publish`): `nx release` runs it after
 * versioning. The image the build target made is tagged with the released version and
 * its aliases, and each tag is pushed; under --dry-run it only says so.
 */
export default async function releasePublishExecutor(
  options: unknown,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runExecutor('release-publish', context, async (io) => {
    const o = parseOptions(releasePublishSchema, options, 'release-publish options');
    const project = projectFacts(context);
    const released = newVersionOf(o.nxReleaseVersionData?.[project.name]);
    if (!o.version && o.nxReleaseVersionData && !released) {
      io.info(`${project.name}: no new version in this release; no image tag pushed.`);
      return;
    }
    const version = o.version ?? released ?? project.version;
    const problem = (message: string, path = 'version') =>
      new InvalidOptionError([{ path, message }], `release of ${project.name}`);
    if (!version)
      throw problem(
        "no version to publish: run it through `nx release`, give the project's package.json a version, or set version",
      );
    const parsed = parseReleaseVersion(version);
    if (!parsed) throw problem(`"${version}" is not a semver version (e.g. 1.2.3 or 2.0.0-rc.1)`);

    const plan = await planOfBuildTarget(
      context,
      project,
      o.buildTarget,
      o.registry ? { registry: o.registry } : {},
    );
    if (!hasRegistryDomain(plan.image))
      throw problem(
        `the image ${plan.image} names no registry, so a push would go to Docker Hub: set registry on ${o.buildTarget} (or the plugin), or pass --registry`,
        'registry',
      );
    const source = plan.tags[0] as string;
    const refs = releaseTags(parsed, { aliases: o.aliases, latest: o.latest, extra: o.tag }).map(
      (t) => `${plan.image}:${t}`,
    );
    const dryRun = o.dryRun || process.env.NX_DRY_RUN === 'true';
    if (dryRun) {
      io.info(`dry run: would tag ${source} and push:\n${refs.map((r) => `  ${r}`).join('\n')}`);
      return;
    }
    await publishImage(
      {
        source,
        refs,
        buildCommand: `nx run ${project.name}:${o.buildTarget}`,
      },
      {
        env: await engineEnvOf(plan),
        onCommand: io.command,
        onPushed: (ref, digest) =>
          io.info(`pushed ${ref}${digest ? ` (${digest.slice(0, 19)})` : ''}`),
      },
    );
    io.info(`${project.name} ${parsed.tag}: ${refs.length} tag(s) pushed from ${source}`);
  });
}

/** `{ newVersion: '1.2.3', … }` as nx release gives it per project; null when it did not change. */
function newVersionOf(data: unknown): string | undefined {
  const v =
    data && typeof data === 'object' ? (data as { newVersion?: unknown }).newVersion : undefined;
  return typeof v === 'string' && v ? v : undefined;
}
