import { join } from 'node:path';
import { runtimeStateInput } from './runtime-input';

/** A command that cannot run prints a value that never repeats, not its error. */
const FALLBACK = ' || echo "uncacheable (runtime-state.js failed) $(date +%s%N) $$"';

describe('runtimeStateInput', () => {
  it('names the built script by the package root, relative to a workspace that holds it', () => {
    const root = join(__dirname, '../../../..');
    expect(runtimeStateInput(root, 'apps/api', 'docker-build').runtime).toBe(
      `node packages/docker/dist/hasher/runtime-state.js apps/api docker-build${FALLBACK}`,
    );
  });

  it('quotes a project root with spaces or quotes for the shell, and names the script absolutely from elsewhere', () => {
    const { runtime } = runtimeStateInput('/elsewhere', "apps/my api's", 'docker-build');
    expect(runtime).toBe(
      `node ${join(__dirname, '../../dist/hasher/runtime-state.js')} 'apps/my api'\\''s' docker-build${FALLBACK}`,
    );
  });
});
