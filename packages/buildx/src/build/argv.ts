import type { BuildOptions, BuildxFlag } from './options';
import { buildOptionsObject, buildxFlags } from './options';

export interface Argv {
  command: string;
  args: string[];
}

/**
 * `docker buildx build` argv for validated options. Pure: same options, same argv.
 * Every option's flag is declared beside it in {@link buildOptionsObject}; this writes
 * them in that order (cache entries arrive typed, read once by the schema), the context last.
 */
export function buildArgv(o: BuildOptions): Argv {
  const args = ['buildx', 'build'];
  for (const [key, value] of optionFlags(o)) args.push(...flagArgs(key, value));
  args.push(o.context);
  return { command: 'docker', args };
}

/** Each set option with its flag, in declaration order. */
export function optionFlags(o: BuildOptions): Array<[BuildxFlag, unknown]> {
  return Object.entries(buildOptionsObject.shape).flatMap(([name, schema]) => {
    const how = buildxFlags.get(schema);
    const value = o[name as keyof BuildOptions];
    return how && value !== undefined ? [[how, value] as [BuildxFlag, unknown]] : [];
  });
}

function flagArgs(how: BuildxFlag, value: unknown): string[] {
  const { flag } = how;
  if (how.inline) return [`${flag}=${String(value)}`];
  if (typeof value === 'boolean') return value ? [flag] : [];
  if (Array.isArray(value)) {
    const entries = value.map((v) => (how.format ? how.format(v as never) : String(v)));
    if (how.joined) return entries.length ? [flag, entries.join(',')] : [];
    return entries.flatMap((v) => [flag, v]);
  }
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [flag, `${k}=${String(v)}`]);
  return [flag, String(value)];
}
