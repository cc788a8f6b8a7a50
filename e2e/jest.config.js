// e2e: real temporary Nx workspaces with the packed plugin, driven through `npx nx`.
const { e2eProject } = require('../tools/jest/projects');

module.exports = { projects: [e2eProject(__dirname)] };
