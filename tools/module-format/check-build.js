// Proof 1 of docs/decisions/0001-module-format.md: the *built* CommonJS package loads
// under plain Node (no jest, no transpiler) and runs the real, ESM-only execa 9.
const assert = require('node:assert/strict');
const buildx = require('../../packages/buildx/dist');

(async () => {
  const result = await buildx.execaRunner.run(process.execPath, ['-p', '"execa ok"']);
  assert.equal(result.stdout, 'execa ok');
  assert.equal(result.exitCode, 0);
  console.log(`packages/buildx/dist loads under node ${process.version} and runs execa: ok`);
  // Nx require()s executors: the built plugin must load the same way.
  const executors = require('../../packages/docker/executors.json').executors;
  for (const [name, { implementation }] of Object.entries(executors)) {
    const loaded = require(
      require('node:path').join(__dirname, '../../packages/docker', implementation),
    );
    assert.equal(typeof loaded.default, 'function', `${name} has no default export`);
  }
  // A batch implementation is `file#export`, loaded the same way.
  for (const [name, { batchImplementation }] of Object.entries(executors)) {
    if (!batchImplementation) continue;
    const [file, exported = 'default'] = batchImplementation.split('#');
    const loaded = require(require('node:path').join(__dirname, '../../packages/docker', file));
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
  // Nx require()s the graph plugin from the package entry; it parses through the core's
  // `./dockerfile` export, which must resolve from the docker package.
  const plugin = require('../../packages/docker/dist');
  for (const hook of ['createNodesV2', 'createNodes', 'createDependencies'])
    assert.equal(typeof plugin[hook], hook === 'createDependencies' ? 'function' : 'object', hook);
  const { loadParser } = require('../../packages/docker/dist/graph/load-parser');
  assert.equal(loadParser()('FROM busybox\n').stages.length, 1);
  console.log(
    'packages/docker/dist: the graph plugin loads and parses through @nx-buildx/buildx/dockerfile: ok',
  );
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
