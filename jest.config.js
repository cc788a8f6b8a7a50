// Every test of the monorepo in one run: unit, integration and e2e projects.
// `npm test` runs this last so jest's summary closes the output.
module.exports = {
  reporters: ['<rootDir>/tools/jest/slowest-suites.js', 'default'],
  projects: [
    ...require('./packages/buildx/jest.config').projects,
    ...require('./packages/docker/jest.config').projects,
    ...require('./e2e/jest.config').projects,
  ],
};
