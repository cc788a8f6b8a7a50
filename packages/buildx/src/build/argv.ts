import { formatCacheEntry } from '../cache/entry';
import { formatKeyValues } from '../cache/csv';
import type { BuildOptions, Secret } from './options';

export interface Argv {
  command: string;
  args: string[];
}

/**
 * `docker buildx build` argv for validated options. Pure: same options, same argv.
 * Cache entries arrive typed (parsed once, by the schema) and are written out here.
 */
export function buildArgv(o: BuildOptions): Argv {
  const args = ['buildx', 'build'];
  const flag = (name: string, value: string | undefined) => {
    if (value !== undefined) args.push(name, value);
  };
  const each = (name: string, values: readonly string[]) =>
    values.forEach((v) => args.push(name, v));

  flag('--builder', o.builder);
  flag('--file', o.file);
  each('--tag', o.tags);
  each(
    '--label',
    Object.entries(o.labels).map(([k, v]) => `${k}=${v}`),
  );
  each('--annotation', o.annotations);
  if (o.platforms.length) args.push('--platform', o.platforms.join(','));
  each(
    '--build-arg',
    Object.entries(o.buildArgs).map(([k, v]) => `${k}=${v}`),
  );
  each('--secret', o.secrets.map(formatSecret));
  each('--ssh', o.ssh);
  flag('--target', o.target);
  each(
    '--build-context',
    Object.entries(o.buildContexts).map(([k, v]) => `${k}=${v}`),
  );
  each('--cache-from', o.cacheFrom.map(formatCacheEntry));
  each('--cache-to', o.cacheTo.map(formatCacheEntry));
  if (o.noCache) args.push('--no-cache');
  each('--no-cache-filter', o.noCacheFilter);
  if (o.pull) args.push('--pull');
  if (o.load) args.push('--load');
  if (o.push) args.push('--push');
  each('--output', o.outputs);
  attestation(args, '--provenance', o.provenance);
  attestation(args, '--sbom', o.sbom);
  each('--attest', o.attests);
  flag('--metadata-file', o.metadataFile);
  flag('--iidfile', o.iidFile);
  flag('--network', o.network);
  each('--add-host', o.addHosts);
  each('--allow', o.allow);
  flag('--cgroup-parent', o.cgroupParent);
  flag('--shm-size', o.shmSize);
  each('--ulimit', o.ulimits);
  args.push('--progress', o.progress);
  args.push(o.context);
  return { command: 'docker', args };
}

function formatSecret(s: Secret): string {
  return formatKeyValues([['id', s.id], s.src ? ['src', s.src] : ['env', s.env ?? '']]);
}

function attestation(args: string[], name: string, value: boolean | string | undefined): void {
  if (value === undefined) return;
  args.push(`${name}=${typeof value === 'boolean' ? String(value) : value}`);
}
