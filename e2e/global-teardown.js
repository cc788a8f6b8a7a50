// Removes the e2e workspace (set KEEP_E2E_WS=1 to keep it for a look).
const { rmSync } = require('node:fs');

module.exports = async function teardown() {
  const ws = process.env.NX_BUILDX_E2E_WS;
  if (ws && !process.env.KEEP_E2E_WS) rmSync(ws, { recursive: true, force: true });
};
