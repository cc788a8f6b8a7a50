// Builds @nx-buildx/buildx and @nx-buildx/docker and packs them into `dest`: the
// tarballs a user installs. Shared by the e2e setup and the benchmarks.
const { execFileSync } = require('node:child_process');
const { mkdirSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');

/** Returns the two tarballs' paths: `{ buildx, docker }`. */
exports.packPlugin = function packPlugin(dest) {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const sh = (cmd, args) => execFileSync(cmd, args, { cwd: repo, stdio: 'pipe', env });
  // npm test builds once before its jest runs, two of which pack at the same time.
  if (process.env.NX_BUILDX_BUILT !== '1')
    sh('npx', ['nx', 'run-many', '-t', 'build', '-p', 'buildx', 'docker']);
  mkdirSync(dest, { recursive: true });
  sh('npm', [
    'pack',
    '--silent',
    '--pack-destination',
    dest,
    '-w',
    '@nx-buildx/buildx',
    '-w',
    '@nx-buildx/docker',
  ]);
  const tgz = (prefix) =>
    join(
      dest,
      readdirSync(dest).find((f) => f.startsWith(prefix)),
    );
  return { buildx: tgz('nx-buildx-buildx-'), docker: tgz('nx-buildx-docker-') };
};
