import { spawn } from 'node:child_process';
import { descendantsOf, killStamped } from './descendants';

describe('descendantsOf / killStamped (Linux /proc)', () => {
  it('finds a grandchild that would outlive its parent, and kills exactly it', async () => {
    const marker = `${process.pid}${Date.now()}`.slice(-9);
    const parent = spawn('sh', ['-c', `sleep 1${marker} & wait`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const tree = descendantsOf(parent.pid as number);
    expect(tree).toHaveLength(1);
    const exited = new Promise((r) => parent.once('exit', r));
    killStamped(tree);
    await exited; // `wait` returns once its child is killed
    expect(descendantsOf(parent.pid as number)).toEqual([]);
  });

  it('leaves a process alone whose pid now names another start', () => {
    const me = { pid: process.pid, started: 'not-this-start' };
    expect(() => killStamped([me])).not.toThrow();
  });
});
