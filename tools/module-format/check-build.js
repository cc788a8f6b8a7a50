// Proof 1 of docs/decisions/0001-module-format.md: the *built* CommonJS package loads
// under plain Node (no jest, no transpiler) and runs the real, ESM-only execa 9.
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const buildx = require('../../packages/buildx/dist');

const docker = join(__dirname, '../../packages/docker');

(async () => {
  const result = await buildx.execaRunner.run(process.execPath, ['-p', '"execa ok"']);
  assert.equal(result.stdout, 'execa ok');
  assert.equal(result.exitCode, 0);
  console.log(`packages/buildx/dist loads under node ${process.version} and runs execa: ok`);
  // Nx require()s executors: the built plugin must load the same way.
  const executors = require('../../packages/docker/executors.json').executors;
  for (const [name, { implementation }] of Object.entries(executors)) {
    const loaded = require(join(docker, implementation));
    assert.equal(typeof loaded.default, 'function', `${name} has no default export`);
  }
  // A batch implementation is `file#export`, loaded the same way.
  for (const [name, { batchImplementation }] of Object.entries(executors)) {
    if (!batchImplementation) continue;
    const [file, exported = 'default'] = batchImplementation.split('#');
    const loaded = require(join(docker, file));
    assert.equal(typeof loaded[exported], 'function', `${name}: no batch export "${exported}"`);
  }
  console.log(
    `packages/docker/dist: ${Object.keys(executors).length} executors load with require(): ok`,
  );
  // ...and generators (`nx add` runs init through generators.json).
  const generators = require('../../packages/docker/generators.json').generators;
  for (const [name, { factory, schema }] of Object.entries(generators)) {
    const dir = require('node:path').join(__dirname, '../../packages/docker');
    const loaded = require(require('node:path').join(dir, factory));
    assert.equal(typeof loaded.default, 'function', `generator ${name} has no default export`);
    assert.equal(require(require('node:path').join(dir, schema)).title, name);
  }
  console.log(
    `packages/docker/dist: ${Object.keys(generators).length} generators load with require(): ok`,
  );
  // Each executor (and the image state the runtime input's script loads when a target is
  // cached) is one esbuild bundle holding the core, zod and execa: no require() of them is
  // left to resolve at run time.
  for (const file of [
    ...Object.values(executors).map((e) => `${e.implementation}.js`),
    ...Object.values(executors).flatMap((e) =>
      e.batchImplementation ? [`${e.batchImplementation.split('#')[0]}.js`] : [],
    ),
    './dist/hasher/image-state.js',
  ]) {
    const text = readFileSync(join(docker, file), 'utf8');
    const left = /require\("(@nx-buildx\/buildx|zod|execa)[/"]/.exec(text);
    assert.equal(left, null, `${file} still requires ${left?.[1]}: not bundled`);
  }
  assert.equal(typeof require(join(docker, 'dist/hasher/runtime-state')).runtimeState, 'function');
  assert.equal(typeof require(join(docker, 'dist/hasher/image-state')).imageStateOf, 'function');
  console.log('packages/docker/dist: executors and the image state of the runtime input are single bundles: ok');
  await bundledExecaRuns();
  // Nx require()s the graph plugin from the package entry; it parses through the core's
  // `./dockerfile` export, which must resolve from the docker package.
  const plugin = require('../../packages/docker/dist');
  for (const hook of ['createNodes', 'createDependencies'])
    assert.equal(typeof plugin[hook], hook === 'createDependencies' ? 'function' : 'object', hook);
  const { loadParser } = require('../../packages/docker/dist/image/load-parser');
  assert.equal(loadParser()('FROM busybox\n').stages.length, 1);
  console.log(
    'packages/docker/dist: the graph plugin loads and parses through @nx-buildx/buildx/dockerfile: ok',
  );
})().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * The docker-build bundle, under plain Node, fills `{sha}` from git (a process spawned
 * by the bundled execa) and then stops at the engine probe: DOCKER_HOST names a socket
 * that does not exist, so nothing is built. Had git not run, the tag would be refused.
 */
async function bundledExecaRuns() {
  const dir = mkdtempSync(join(tmpdir(), 'nx-buildx-check-build-'));
  const said = [];
  const saved = { error: console.error, warn: console.warn, host: process.env.DOCKER_HOST };
  try {
    const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=c', '-c', 'user.email=c@localhost', 'commit', '-qm', 'c');
    const sha = git('rev-parse', 'HEAD').toString().trim();
    console.error = console.warn = (...args) => said.push(args.join(' '));
    process.env.DOCKER_HOST = `unix://${join(dir, 'no-engine.sock')}`;
    const run = require(join(docker, 'dist/executors/docker-build/executor')).default;
    const result = await run(
      { imageName: 'check/p', tags: ['{sha}'], file: 'Dockerfile' },
      {
        root: dir,
        cwd: dir,
        projectName: 'p',
        isVerbose: false,
        projectsConfigurations: { version: 2, projects: { p: { root: '.', targets: {} } } },
      },
    );
    assert.equal(result.success, false);
    const text = said.join('\n');
    assert.match(text, /Docker Engine is not reachable/, text);
    assert.doesNotMatch(text, /\{sha\}|tags\.0/, text);
    assert.match(sha, /^[0-9a-f]{40}$/);
  } finally {
    console.error = saved.error;
    console.warn = saved.warn;
    if (saved.host === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved.host;
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('packages/docker/dist: the docker-build bundle runs git through its execa: ok');
}
