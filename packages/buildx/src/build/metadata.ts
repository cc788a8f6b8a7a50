/** What `--metadata-file` tells about one built image. */
export interface ImageMetadata {
  /** Manifest (or index, for multi-platform) digest, when an image was produced. */
  digest?: string;
  /** Image names the build wrote (tags), from `image.name`. */
  imageNames: string[];
  /** BuildKit's reference of the build, for `docker buildx history`. */
  buildRef?: string;
  /** The whole record as buildx wrote it. */
  raw: Record<string, unknown>;
}

/** Parses one build's metadata record (`docker buildx build --metadata-file`). */
export function parseImageMetadata(record: unknown): ImageMetadata {
  const raw = (record && typeof record === 'object' ? record : {}) as Record<string, unknown>;
  const str = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  return {
    digest: str('containerimage.digest'),
    imageNames: (str('image.name') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    buildRef: str('buildx.build.ref'),
    raw,
  };
}

/** Parses bake's metadata file: one record per target name. */
export function parseBakeMetadata(json: unknown): Record<string, ImageMetadata> {
  const out: Record<string, ImageMetadata> = {};
  if (!json || typeof json !== 'object') return out;
  for (const [target, record] of Object.entries(json as Record<string, unknown>)) {
    if (target.startsWith('buildx.') || !record || typeof record !== 'object') continue;
    out[target] = parseImageMetadata(record);
  }
  return out;
}
