/**
 * Collapses BuildKit's retry chatter: a failing registry makes every layer print
 * `error: unexpected status …` and `retrying in 1s/2s/4s`, dozens of lines before the
 * error. The first retry is shown, repeats of an error line already shown are dropped,
 * and `summary()` says how many were held back. Every other line passes straight on.
 */
export function collapseRetries(show: (line: string) => void) {
  const seen = new Set<string>();
  let retryShown = false;
  let hidden = 0;
  return {
    line(line: string): void {
      // `#12 3.456 retrying in 4s`: the step number and elapsed time differ, the words do not.
      const body = line.replace(/^#\d+ (\d+\.\d+ )?/, '');
      const retry = /^retrying in \d+(\.\d+)?m?s$/.test(body.trim());
      const repeatError = /^error: /.test(body) && seen.has(normalize(body));
      if ((retry && retryShown) || repeatError) {
        hidden++;
        return;
      }
      if (retry) retryShown = true;
      if (/^error: /.test(body)) seen.add(normalize(body));
      show(line);
    },
    /** One line saying what was held back, or nothing. */
    summary(): string | undefined {
      return hidden
        ? `[nx-buildx] ${hidden} more retry line(s) like the above were not shown`
        : undefined;
    },
  };
}

/** An error line without the digest it names: each layer's blob differs, the failure does not. */
function normalize(body: string): string {
  return body.replace(/sha256:[0-9a-f]{64}/g, 'sha256:…');
}
