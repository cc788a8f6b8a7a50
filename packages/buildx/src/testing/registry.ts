/**
 * Reads a registry's HTTP API (distribution v2): how tests confirm what was pushed.
 * Only for registries on loopback in this project's tests; no auth.
 */
export interface ManifestSummary {
  mediaType: string;
  digest?: string;
  platforms: string[];
}

export async function registryTags(registry: string, repository: string): Promise<string[]> {
  const res = await fetch(`http://${registry}/v2/${repository}/tags/list`);
  if (res.status === 404) return [];
  if (!res.ok)
    throw new Error(`registry ${registry} answered ${res.status} for ${repository} tags`);
  const body = (await res.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}

export async function registryManifest(
  registry: string,
  repository: string,
  reference: string,
): Promise<ManifestSummary> {
  const res = await fetch(`http://${registry}/v2/${repository}/manifests/${reference}`, {
    headers: {
      accept: [
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ].join(', '),
    },
  });
  if (!res.ok)
    throw new Error(`registry ${registry} answered ${res.status} for ${repository}:${reference}`);
  const body = (await res.json()) as {
    mediaType?: string;
    manifests?: Array<{ platform?: { os: string; architecture: string; variant?: string } }>;
  };
  const platforms = (body.manifests ?? [])
    .map((m) => m.platform)
    .filter(
      (p): p is { os: string; architecture: string; variant?: string } =>
        Boolean(p) && p?.os !== 'unknown',
    )
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/'));
  return {
    mediaType: body.mediaType ?? res.headers.get('content-type') ?? '',
    digest: res.headers.get('docker-content-digest') ?? undefined,
    platforms,
  };
}
