/** String maps whose values may arrive as numbers from the command line. */
const MAPS = ['buildArgs', 'labels'] as const;

/**
 * Warnings for map values that reached the executor as non-integer numbers: Nx's
 * command-line parser reads `--buildArgs.V=1.10` as the number 1.1, so the text the user
 * typed is already lost; say so instead of building with "1.1" silently.
 */
export function decimalValueWarnings(raw: unknown): string[] {
  if (raw === null || typeof raw !== 'object') return [];
  return MAPS.flatMap((option) => {
    const map = (raw as Record<string, unknown>)[option];
    if (map === null || typeof map !== 'object') return [];
    return Object.entries(map as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'number' && !Number.isInteger(v))
      .map(
        ([k, v]) =>
          `${option}.${k} arrived as the number ${String(v)} (Nx reads --${option}.${k}=… from the command line as a number, so "1.10" becomes 1.1). ` +
          `If you meant other text, set ${option}.${k} as a string in project.json or nx.json.`,
      );
  });
}
