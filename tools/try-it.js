#!/usr/bin/env node
// `npm run try-it`: the plugin, unpublished, in your own workspace. Builds both packages,
// starts a local registry (verdaccio, a root devDependency) on 127.0.0.1 that outlives
// this script, publishes them to it through `nx release` (version and publish, in a
// throwaway copy of this repo, so the checkout is never changed), and prints the scoped
// .npmrc line that lets `nx add @nx-buildx/docker` find them. e2e/src/nx-add.e2e.ts runs
// `npm run try-it` and reads what it prints, so the README's path is tested as written.
const { execFileSync, spawn } = require('node:child_process');
const {
  cpSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { URL } = require('node:url');

const repo = join(__dirname, '..');
const PACKAGES = ['buildx', 'docker'];
const NX_ENV = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

function sh(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      stdio: 'pipe',
      env: { ...process.env, ...NX_ENV, ...env },
    }).toString();
  } catch (err) {
    const out = `${err.stdout ?? ''}\n${err.stderr ?? ''}`.slice(-4000);
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${out}`, { cause: err });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts verdaccio on 127.0.0.1 with no uplink: it serves only what is published to it,
 * so a workspace sends only the @nx-buildx scope there. It runs detached (its own process
 * group, log in its directory), so it outlives the caller until `stop()` or `kill <pid>`.
 * @returns {Promise<{url: string, pid: number, dir: string, scopeLine: string, stop: () => Promise<void>}>}
 */
async function startRegistry() {
  const dir = mkdtempSync(join(tmpdir(), 'nx-buildx-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: -1',
      'uplinks: {}',
      'packages:',
      "  '@nx-buildx/*':",
      '    access: $all',
      '    publish: $all',
      "  '**':",
      '    access: $all',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const log = openSync(join(dir, 'verdaccio.log'), 'a');
  const child = spawn(
    join(repo, 'node_modules/.bin/verdaccio'),
    ['--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  let exit;
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve((exit = `exit ${code ?? signal}`))),
  );
  const stop = async () => {
    if (exit === undefined) {
      child.ref(); // else a caller with nothing else to wait on exits before the rm below
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exit !== undefined) {
      const why = readFileSync(join(dir, 'verdaccio.log'), 'utf8').slice(-2000);
      await stop();
      throw new Error(`verdaccio stopped before it listened (${exit}):\n${why}`);
    }
    try {
      if ((await fetch(`${url}-/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer on ${url} within 30s`);
    }
    await sleep(200);
  }
  return { url, pid: child.pid, dir, scopeLine: `@nx-buildx:registry=${url}`, stop };
}

/**
 * Builds both packages, then `nx release version <version>` and `nx release publish` to
 * `registry` in a throwaway copy of the repo (its nx.json release config, the packages'
 * manifests and dist): the repo's files are never changed. Returns the published versions.
 * @param {{registry: string, version: string, tag?: string}} options
 * @returns {{buildx: string, docker: string, buildxRangeInDocker: string}}
 */
function releaseToRegistry({ registry, version, tag = 'latest' }) {
  // npm test builds once before its jest runs (two at a time), whose e2e call this
  if (process.env.NX_BUILDX_BUILT !== '1')
    sh('npx', ['nx', 'run-many', '-t', 'build', '-p', ...PACKAGES], repo);
  const copy = mkdtempSync(join(tmpdir(), 'nx-buildx-release-'));
  try {
    cpSync(join(repo, 'package.json'), join(copy, 'package.json'));
    // the release config as it is, less the build before versioning: it ran above, in the
    // repo (the copy has no sources to build from)
    const nxJson = JSON.parse(readFileSync(join(repo, 'nx.json'), 'utf8'));
    delete nxJson.release.version.preVersionCommand;
    // and no lockfile to update: the copy has none (a real release updates the repo's)
    nxJson.release.version.versionActionsOptions = { skipLockFileUpdate: true };
    writeFileSync(join(copy, 'nx.json'), JSON.stringify(nxJson, null, 2));
    for (const p of PACKAGES) {
      const from = join(repo, 'packages', p);
      // what npm publishes comes from dist and the manifests; sources and nested installs stay
      cpSync(from, join(copy, 'packages', p), {
        recursive: true,
        filter: (src) => !/^(src|node_modules)(\/|$)/.test(relative(from, src)),
      });
    }
    // nx itself (and @nx/js's release actions) from the repo's install
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    const git = (...args) =>
      sh('git', ['-c', 'user.name=release', '-c', 'user.email=release@localhost', ...args], copy);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'the packages to release');
    sh(
      'npx',
      [
        'nx',
        'release',
        'version',
        version,
        '--git-commit=false',
        '--git-tag=false',
        '--stage-changes=false',
      ],
      copy,
    );
    const userconfig = join(copy, 'publish.npmrc');
    // verdaccio lets anyone publish the scope, but npm publish wants some token
    writeFileSync(userconfig, `//${new URL(registry).host}/:_authToken=local-only\n`);
    sh('npx', ['nx', 'release', 'publish', '--registry', registry, '--tag', tag], copy, {
      NPM_CONFIG_USERCONFIG: userconfig,
    });
    const manifest = (p) =>
      JSON.parse(readFileSync(join(copy, 'packages', p, 'package.json'), 'utf8'));
    return {
      buildx: manifest('buildx').version,
      docker: manifest('docker').version,
      buildxRangeInDocker: manifest('docker').dependencies['@nx-buildx/buildx'],
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The version a try-it publishes: this checkout's, marked local and unique per run. */
function localVersion() {
  const current = JSON.parse(
    readFileSync(join(repo, 'packages/docker/package.json'), 'utf8'),
  ).version;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return `${current.replace(/-.*/, '')}-local.${stamp}`;
}

async function main() {
  const registry = await startRegistry();
  try {
    const published = releaseToRegistry({ registry: registry.url, version: localVersion() });
    console.log(
      [
        `Published @nx-buildx/buildx and @nx-buildx/docker ${published.docker} to ${registry.url}`,
        `verdaccio: pid ${registry.pid}, storage and log in ${registry.dir}`,
        `stop it:   kill ${registry.pid} && rm -rf ${registry.dir}`,
        '',
        'In your workspace, add this line to its .npmrc (only the @nx-buildx scope goes there):',
        `  ${registry.scopeLine}`,
        'then run:',
        '  npx nx add @nx-buildx/docker',
      ].join('\n'),
    );
  } catch (err) {
    await registry.stop();
    throw err;
  }
}

module.exports = { startRegistry, releaseToRegistry, localVersion };

if (require.main === module)
  main().catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
