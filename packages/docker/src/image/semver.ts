/**
 * `x.y.z[-prerelease][+build]` at the end of a string, with an optional leading `v`, as
 * regex source: groups 1–4 are major, minor, patch, prerelease. One definition for
 * release-publish's versions (the whole string) and the `{major}` placeholders (the tail
 * of a git tag such as `api@1.2.3`); each adds its own start.
 */
export const SEMVER_AT_END = String.raw`v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$`;
