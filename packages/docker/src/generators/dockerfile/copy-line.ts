/**
 * A COPY instruction; in the JSON form when a path holds whitespace, which the plain form
 * would split (`COPY dist/apps/my app ./` copies `dist/apps/my` and `app`).
 */
export function copyLine(sources: readonly string[], dest: string): string {
  const paths = [...sources, dest];
  return paths.some((p) => /\s/.test(p))
    ? `COPY ${JSON.stringify(paths).replace(/","/g, '", "')}`
    : `COPY ${paths.join(' ')}`;
}
