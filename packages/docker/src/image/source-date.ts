import type { GitInfo } from '@nx-buildx/buildx';
import { InvalidOptionError } from '@nx-buildx/buildx';

/**
 * The time an image is "created" at, for `org.opencontainers.image.created`: the
 * `SOURCE_DATE_EPOCH` of the environment when set (reproducible-builds.org's convention,
 * which buildx also forwards to BuildKit by itself), else the time HEAD was committed.
 * Never the clock: a label that changes on every build gives an unchanged image a new
 * ID. Undefined outside git without SOURCE_DATE_EPOCH (the label is then left out).
 * A dirty work tree still gets the commit time: the revision label names the same
 * commit, and a no-op rebuild during development keeps its image ID.
 */
export function sourceDate(
  env: Record<string, string | undefined>,
  git: Pick<GitInfo, 'commitTime'>,
): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    // The spec allows only a decimal count of seconds; anything else is a mistake to report.
    if (!/^\d{1,12}$/.test(epoch))
      throw new InvalidOptionError(
        [
          {
            path: 'SOURCE_DATE_EPOCH',
            message: `"${epoch}" is not a Unix time in seconds (e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)); set it to one or unset it to use the commit time`,
          },
        ],
        'the environment',
      );
    return new Date(Number(epoch) * 1000);
  }
  return git.commitTime;
}
