/** A buildx version, read once from `docker buildx version` and used to gate flags. */
export interface BuildxVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

/** Parses `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3` or `… v0.19.3 48d6a39`. */
export function parseBuildxVersion(output: string): BuildxVersion {
  const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) throw new Error(`cannot read a buildx version from "${output.trim()}"`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: output.trim() };
}

/** `atLeast(v, '0.17')` — is this buildx at least that version? */
export function atLeast(v: BuildxVersion, min: string): boolean {
  const [major = 0, minor = 0, patch = 0] = min.split('.').map(Number);
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}
