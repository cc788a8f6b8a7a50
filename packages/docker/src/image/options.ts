import {
  buildOptionsObject,
  cacheEntryText,
  CACHE_STRATEGIES,
  checkBuildOptions,
  mapValue,
} from '@nx-buildx/buildx';
import { z } from 'zod';

// The one declaration of docker-build's options: buildx's build options plus what the
// plugin adds; every path that builds an image reads them. schema.json is generated from
// it through executors/docker-build/options.ts (tools/schema/generate.js).
const text = z.string().trim().min(1);
const core = buildOptionsObject.shape;
const map = z.record(text, mapValue);

/** The options object, extendable (docker-fresh-build adds its own). */
export const dockerBuildObject = buildOptionsObject
  .extend({
    file: core.file.describe(
      'Dockerfile path, relative to the workspace root. Default: <projectRoot>/Dockerfile.',
    ),
    context: core.context
      .default('.')
      .describe(
        "Build context, relative to the workspace root (the default, '.', lets a Dockerfile COPY libs/ and dist/).",
      ),
    imageName: text
      .optional()
      .describe(
        'Image name without registry or tag. Default: the project name, lowercased, without a leading @, accents and characters an image name cannot hold (Web Café → web-cafe).',
      )
      .meta({ examples: ['acme/api'] }),
    registry: text
      .optional()
      .describe('Registry (and namespace) prefixed to imageName, e.g. ghcr.io/acme.'),
    tags: z
      .array(text)
      .default(['latest'])
      .meta({ examples: [['{ref}', 'sha-{shortSha}', 'pr-{pr}', '{major}.{minor}']] })
      .describe(
        "Tags: a bare tag (latest, {shortSha}) is added to registry/imageName; an entry with ':' or '/' is a full reference. Placeholders: {sha}, {shortSha}, {ref} (branch or tag), {version} (package.json), {projectName}, {date} (YYYYMMDD, UTC) or {date:YYYY.MM.DD-HHmmss}; and, for the builds that have them (an entry using one is left out of other builds): {branch}, {tag}, {pr} (pull/merge request number, e.g. pr-{pr}), {major}, {minor}, {patch} (of the git tag built, else of the version; none on a pre-release). Branch and tag names are made valid tags (feat/x → feat-x). CI variables are read through env-ci (GitHub, GitLab, CircleCI, Jenkins, Azure, Bitbucket and more).",
      ),
    latest: z
      .union([z.boolean(), z.literal('auto')])
      .optional()
      .describe(
        "The latest tag: true adds it, false leaves it out, auto adds it only when the default branch is built (not a PR or a tag build) — the default branch is CI's (GitLab CI_DEFAULT_BRANCH, GitHub's event payload), else nx.json's defaultBase, else main. Unset: a latest entry in tags is kept as written.",
      ),
    labels: core.labels.describe('Image labels; they win over the OCI labels added by default.'),
    ociLabels: z
      .boolean()
      .default(true)
      .describe(
        'Add org.opencontainers.image.source/revision/created/title/version labels; created is SOURCE_DATE_EPOCH when set, else the commit time (never the clock, so a no-op rebuild keeps its image ID).',
      ),
    stallTimeout: text
      .optional()
      .describe(
        'Give up on a build or push that prints nothing for this long (90s, 10m, 1h), stopping its docker processes with a STALLED error that names the step or registry it waited on. Unset: no limit. Either way, silence is reported after 30 s and then every minute (NX_BUILDX_STALL_NOTICE sets that interval).',
      )
      .meta({ examples: ['10m'] }),
    cacheStrategy: z
      .enum(CACHE_STRATEGIES)
      .default('auto')
      .describe(
        'Where build cache is read from and written to: none, inline, local (bounded, crash-safe directory), registry (<image>:buildcache), gha (one scope per image), s3, or auto (gha on GitHub Actions; on other CI registry when pushing, else local; on a developer machine no export: the engine keeps its own build cache).',
      ),
    cacheDir: text
      .optional()
      .describe(
        'Directory of the local cache, relative to the workspace root. Default: outside the workspace, <cache root>/<workspace>-<hash>/<image name>, where the cache root is NX_BUILDX_CACHE_DIR, else $XDG_CACHE_HOME/nx-buildx, else ~/.cache/nx-buildx. A directory the plugin did not create (not empty, no .nx-buildx-cache marker), the workspace or a folder around it, or a directory inside the build context that .dockerignore does not exclude is refused before building.',
      )
      .meta({ examples: ['/var/cache/nx-buildx/api'] }),
    cacheRegistryRef: text
      .optional()
      .describe('Reference of the registry cache. Default: <registry>/<imageName>:buildcache.')
      .meta({ examples: ['ghcr.io/acme/api:buildcache'] }),
    cacheRegistryAttrs: map
      .default({})
      .describe(
        'Extra attributes of the registry cache export, e.g. image-manifest=true and oci-mediatypes=true for ECR.',
      ),
    cacheS3: z
      .strictObject({
        bucket: text.describe('S3 bucket of the cache.'),
        region: text.describe('Region of the bucket.'),
        attrs: map.default({}).describe('Extra attributes of the s3 cache, e.g. endpoint_url.'),
      })
      .optional()
      .describe('Settings of the s3 cache; the prefix is <project>/.')
      .meta({ examples: [{ bucket: 'acme-build-cache', region: 'eu-west-1' }] }),
    // Text in project.json, typed entries from here on (read once, by this schema).
    cacheFrom: z
      .array(cacheEntryText('from'))
      .prefault([]) // a default given as input, so schema.json shows it
      .describe(
        "Extra --cache-from entries, added to the strategy's, e.g. type=registry,ref=ghcr.io/acme/base:buildcache.",
      ),
    cacheTo: z
      .array(cacheEntryText('to'))
      .prefault([]) // a default given as input, so schema.json shows it
      .describe(
        "Extra --cache-to entries, added to the strategy's, e.g. type=local,dest=/tmp/api-cache,mode=max.",
      ),
    load: z
      .boolean()
      .optional()
      .describe(
        'Load the image into the engine (--load). Default: true unless pushing, writing outputs or building for several platforms.',
      ),
    metadataFile: text
      .optional()
      .describe(
        "Where this plugin writes the build's metadata JSON (image, tags, digest, steps run/cached, cache strategy, duration). Default: dist/docker/<projectRoot>/metadata.json. An existing file is replaced only if it is such a report (it carries writtenBy: @nx-buildx/docker); keep it out of the build context (.dockerignore) so COPY steps stay cached.",
      )
      .meta({ examples: ['dist/docker/api.json'] }),
    provenance: core.provenance.describe(
      "Provenance attestation: true, false or a spec such as mode=max (--provenance). Default: false for an image only loaded into the engine (buildx's attestation holds a build ID and times, so every build would get a new image ID); buildx's own default when pushing or writing outputs.",
    ),
    progress: core.progress
      .unwrap()
      .optional()
      .describe('BuildKit progress output. Default: auto, or plain when CI is set.'),
  })
  .meta({
    title: 'docker-build',
    description:
      "Builds the project's image with docker buildx, using a chosen cache strategy; writes metadata and a one-line summary.",
  });

export const dockerBuildSchema = dockerBuildObject.superRefine(checkBuildOptions);
export type DockerBuildOptions = z.output<typeof dockerBuildSchema>;
