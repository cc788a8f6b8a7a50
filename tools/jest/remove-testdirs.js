// After each test file: remove the temporary directories its tests made with testdir(),
// so test runs leave nothing behind in the temp folder.
const { removeTestdirs } = require('../../packages/buildx/src/testing/testdir');

afterAll(() => removeTestdirs());
