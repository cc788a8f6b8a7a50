// e2e: a real temporary Nx workspace with the packed plugin, driven through `npx nx`.
const path = require('node:path');
const { e2eProject } = require('../tools/jest/projects');

module.exports = {
  projects: [
    {
      ...e2eProject(__dirname),
      globalSetup: path.join(__dirname, 'global-setup.js'),
      globalTeardown: path.join(__dirname, 'global-teardown.js'),
    },
  ],
};
