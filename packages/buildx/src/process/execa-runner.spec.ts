// Runs the real execa inside jest: the proof that the ESM-only dependency loads in
// jest on Node 20 (docs/decisions/0001-module-format.md). No docker here.
import { execaRunner } from './execa-runner';

const node = process.execPath;

describe('execaRunner', () => {
  it('returns output and exit code without throwing on failure', async () => {
    const result = await execaRunner.run(node, [
      '-e',
      'console.log("out"); console.error("err"); process.exit(3)',
    ]);
    expect(result).toMatchObject({ exitCode: 3, stdout: 'out', stderr: 'err' });
    expect(result.command).toContain('process.exit(3)');
  });

  it('streams each line to onLine as it arrives', async () => {
    const lines: string[] = [];
    await execaRunner.run(node, ['-e', 'for (const n of [1,2,3]) console.log("line " + n)'], {
      onLine: (line) => lines.push(line),
    });
    expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('stops the child when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = execaRunner.run(node, ['-e', 'setInterval(() => {}, 1000)'], {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const result = await pending;
    expect(result.terminatedBy).toBe('SIGTERM');
    expect(result.exitCode).not.toBe(0);
  });

  it('rejects when the command does not exist', async () => {
    await expect(execaRunner.run('nx-buildx-no-such-command', [])).rejects.toThrow(/ENOENT/);
  });
});
