// Proof 1 of docs/decisions/0001-module-format.md: the *built* CommonJS package loads
// under plain Node (no jest, no transpiler) and runs the real, ESM-only execa 9.
const assert = require('node:assert/strict');
const buildx = require('../../packages/buildx/dist');

(async () => {
  const result = await buildx.execaRunner.run(process.execPath, ['-p', '"execa ok"']);
  assert.equal(result.stdout, 'execa ok');
  assert.equal(result.exitCode, 0);
  console.log(`packages/buildx/dist loads under node ${process.version} and runs execa: ok`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
