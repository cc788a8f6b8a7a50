// Unit tests (*.spec.ts) are pure; integration tests (*.int.spec.ts) drive the real
// Docker Engine and fail — never skip — when it is missing.
const { unitProject, integrationProject } = require('../../tools/jest/projects');

module.exports = {
  projects: [unitProject(__dirname), integrationProject(__dirname)],
};
