// e2e global setup: the real engine must be up; then build and pack the two packages
// and install the tarballs, with nx and @nx/js, into a fresh workspace outside the repo —
// exactly what a user installs. Tests share that workspace (process.env.NX_BUILDX_E2E_WS),
// each adding its own projects.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const requireEngine = require('../tools/jest/require-engine');
const { packPlugin } = require('../tools/pack-plugin');

const nxVersion = require('../node_modules/nx/package.json').version;

module.exports = async function setup() {
  await requireEngine();
  const sh = (cmd, args, cwd, quiet = true) =>
    execFileSync(cmd, args, {
      cwd,
      stdio: quiet ? 'pipe' : 'inherit',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });

  const ws = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-'));
  const packs = packPlugin(join(ws, '.packs'));

  writeFileSync(
    join(ws, 'package.json'),
    JSON.stringify(
      {
        name: 'e2e-workspace',
        private: true,
        devDependencies: {
          nx: nxVersion,
          '@nx/js': nxVersion,
          '@nx-buildx/buildx': `file:${packs.buildx}`,
          '@nx-buildx/docker': `file:${packs.docker}`,
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(ws, 'nx.json'),
    JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2),
  );
  writeFileSync(join(ws, '.gitignore'), 'node_modules\ndist\n');
  const started = Date.now();
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], ws);
  sh('git', ['init', '-q'], ws);
  sh('git', ['add', '-A'], ws);
  sh('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'commit', '-qm', 'init'], ws);
  process.env.NX_BUILDX_E2E_WS = ws;
  // The plugin's per-user state (local caches, builder facts) for this run only, outside
  // the workspace like the real default, removed by teardown.
  process.env.NX_BUILDX_CACHE_DIR = mkdtempSync(join(tmpdir(), 'nx-buildx-e2e-state-'));
  console.log(
    `\ne2e workspace: ${ws} (npm install ${((Date.now() - started) / 1000).toFixed(0)}s)`,
  );
};
