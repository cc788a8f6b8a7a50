import { isSecretLikeName } from '../redact/secret-names';
import type { BakeDefinition } from './definition';

export interface BakeWithoutSecrets {
  /** The definition to write to disk: secret-like args read `${VARIABLE}` instead of a value. */
  definition: BakeDefinition;
  /** Environment the bake process needs: each variable and the value it stands for. */
  env: Record<string, string>;
  /** `target.ARG` of every arg moved out of the file. */
  moved: string[];
}

/**
 * Keeps the values of secret-like build args out of a bake file that is written to disk
 * (dist/docker/bake.json): each becomes a bake `variable` with no default, which bake
 * reads from its own environment, and the value is handed to the bake process only.
 * A variable per target and arg, because two targets may give the same arg different
 * values. The image still gets the value: that is what the warning about such args is for.
 */
export function moveSecretArgsToEnv(definition: BakeDefinition): BakeWithoutSecrets {
  const env: Record<string, string> = {};
  const variable: Record<string, { default?: string }> = { ...definition.variable };
  const moved: string[] = [];
  const target: BakeDefinition['target'] = {};
  for (const [name, t] of Object.entries(definition.target)) {
    if (!t.args || !Object.keys(t.args).some(isSecretLikeName)) {
      target[name] = t;
      continue;
    }
    const args: Record<string, string> = {};
    for (const [arg, value] of Object.entries(t.args)) {
      if (!isSecretLikeName(arg)) {
        args[arg] = value;
        continue;
      }
      const base = `NX_BUILDX_ARG_${name}_${arg}`.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
      let v = base;
      for (let i = 2; v in variable; i++) v = `${base}_${i}`;
      variable[v] = {};
      env[v] = value;
      args[arg] = `\${${v}}`;
      moved.push(`${name}.${arg}`);
    }
    target[name] = { ...t, args };
  }
  return {
    definition: moved.length ? { ...definition, variable, target } : definition,
    env,
    moved,
  };
}

/** The definition with every secret-like arg's value shown as `***`, for printing. */
export function redactSecretArgs(definition: BakeDefinition): BakeDefinition {
  const target: BakeDefinition['target'] = {};
  for (const [name, t] of Object.entries(definition.target))
    target[name] = t.args
      ? {
          ...t,
          args: Object.fromEntries(
            Object.entries(t.args).map(([k, v]) => [k, isSecretLikeName(k) ? '***' : v]),
          ),
        }
      : t;
  return { ...definition, target };
}
