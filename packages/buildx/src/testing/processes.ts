import { execaRunner } from '../process/execa-runner';

/** Command lines of running processes that match `pattern` (pgrep -af), pgrep itself excluded. */
export async function processesMatching(pattern: string): Promise<string[]> {
  const result = await execaRunner.run('pgrep', ['-af', pattern]);
  return result.stdout.split('\n').filter((l) => l.trim() && !l.includes('pgrep'));
}

/** Waits up to `timeoutMs` for every process matching `pattern` to end; returns those left. */
export async function leftoverProcesses(pattern: string, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let left = await processesMatching(pattern);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = await processesMatching(pattern);
  }
  return left;
}
