import type { Argv } from '../build/argv';

/** One `docker run` of a project's image, as the docker-run executor decides it. */
export interface ContainerSpec {
  image: string;
  /** Container name: lets a stop signal reach exactly this container. */
  name: string;
  /** Arguments after the image (the image's CMD is replaced when given). */
  command?: readonly string[];
  entrypoint?: string;
  /** `-p` values, e.g. `127.0.0.1:8080:80`. */
  ports?: readonly string[];
  /**
   * Environment of the container. Only the names go into argv (`--env NAME`); docker
   * reads each value from its own environment, so values never show in `ps` or logs.
   */
  env?: Readonly<Record<string, string>>;
  envFiles?: readonly string[];
  network?: string;
  /** `-v` values, e.g. `./data:/data:ro`. */
  volumes?: readonly string[];
  labels?: Readonly<Record<string, string>>;
  rm: boolean;
  detach: boolean;
  /** Keep stdin open (-i). */
  interactive: boolean;
  /** Allocate a terminal (-t): only when ours is one. */
  tty: boolean;
  /** Run docker-init as PID 1, which passes SIGINT/SIGTERM on to the process. */
  init: boolean;
}

/**
 * `docker run` argv for a container spec. `--pull never`: the image is the one just
 * built in this engine; a missing one must fail, not be fetched from a registry.
 */
export function containerRunArgv(s: ContainerSpec): Argv {
  const args = ['run', '--name', s.name, '--pull', 'never'];
  if (s.rm) args.push('--rm');
  if (s.detach) args.push('--detach');
  if (s.interactive) args.push('--interactive');
  if (s.tty) args.push('--tty');
  if (s.init) args.push('--init');
  for (const [k, v] of Object.entries(s.labels ?? {})) args.push('--label', `${k}=${v}`);
  for (const p of s.ports ?? []) args.push('--publish', p);
  for (const k of Object.keys(s.env ?? {})) args.push('--env', k);
  for (const f of s.envFiles ?? []) args.push('--env-file', f);
  if (s.network) args.push('--network', s.network);
  for (const v of s.volumes ?? []) args.push('--volume', v);
  if (s.entrypoint !== undefined) args.push('--entrypoint', s.entrypoint);
  args.push(s.image, ...(s.command ?? []));
  return { command: 'docker', args };
}
