// Builders of the jest projects every package uses, so their settings live in one place.
const path = require('node:path');
const preset = require('../../jest.preset');

const name = (dir, kind) => `${path.basename(dir)}:${kind}`;

exports.unitProject = (dir) => ({
  ...preset,
  displayName: name(dir, 'unit'),
  rootDir: dir,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.spec\\.ts$'],
  setupFilesAfterEnv: [path.join(__dirname, 'remove-testdirs.js')],
});

exports.integrationProject = (dir) => ({
  ...preset,
  displayName: name(dir, 'integration'),
  rootDir: dir,
  testMatch: ['<rootDir>/src/**/*.int.spec.ts'],
  globalSetup: path.join(__dirname, 'require-engine.js'),
  setupFilesAfterEnv: [path.join(__dirname, 'remove-testdirs.js')],
  slowTestThreshold: 60,
});

exports.e2eProject = (dir) => ({
  ...preset,
  displayName: 'e2e',
  rootDir: dir,
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  globalSetup: path.join(__dirname, 'require-engine.js'),
  slowTestThreshold: 120,
});
