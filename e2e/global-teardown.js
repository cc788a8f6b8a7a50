// Removes the e2e workspace and the plugin state of the run (KEEP_E2E_WS=1 keeps both).
const { rmSync } = require('node:fs');

module.exports = async function teardown() {
  const ws = process.env.NX_BUILDX_E2E_WS;
  if (process.env.KEEP_E2E_WS) return;
  for (const dir of [ws, process.env.NX_BUILDX_CACHE_DIR])
    if (dir) rmSync(dir, { recursive: true, force: true });
};
