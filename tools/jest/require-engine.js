// Global setup of the engine-backed jest projects: they need a real Docker Engine and
// the local registry. Missing either is a failure with the reason, never a skip.
const { execFileSync } = require('node:child_process');

module.exports = async function requireEngine() {
  const problems = [];
  try {
    const buildx = execFileSync('docker', ['buildx', 'version'], { stdio: 'pipe', timeout: 20_000 })
      .toString()
      .split(' ')[1];
    const engine = execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
      stdio: 'pipe',
      timeout: 20_000,
    })
      .toString()
      .trim();
    console.log(`\nengine: dockerd ${engine}, buildx ${buildx}`);
    // tools/test.sh names the pair each run is meant for, so a run cannot pass on the
    // wrong one unnoticed.
    const expected = process.env.NX_BUILDX_EXPECT_PAIR?.split(' ');
    if (expected && !(engine.startsWith(expected[0]) && buildx.startsWith(expected[1])))
      problems.push(
        `this run is for dockerd ${expected[0]} / buildx ${expected[1]}, but docker answers with ${engine} / ${buildx}`,
      );
  } catch (err) {
    problems.push(`docker/buildx does not answer: ${String(err.stderr || err.message).trim()}`);
  }
  try {
    const res = await fetch('http://127.0.0.1:5000/v2/', { signal: AbortSignal.timeout(5000) });
    if (!res.ok) problems.push(`the registry on 127.0.0.1:5000 answered ${res.status}`);
  } catch (err) {
    problems.push(`no registry answers on 127.0.0.1:5000 (${err.cause?.code ?? err.message})`);
  }
  if (problems.length) {
    throw new Error(
      `These tests need the real Docker Engine and registry:\n  - ${problems.join('\n  - ')}\n` +
        'Run tools/docker-engine/ensure (or npm test, which runs it) and try again.',
    );
  }
};
