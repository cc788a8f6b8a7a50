import { hasRegistryDomain } from './registry-domain';

describe('hasRegistryDomain', () => {
  test.each([
    ['127.0.0.1:5000/app', true],
    ['ghcr.io/acme/api', true],
    ['localhost/app', true],
    ['registry:5000/app', true],
    ['acme/api', false],
    ['api', false],
  ])('%s → %s', (image, expected) => {
    expect(hasRegistryDomain(image)).toBe(expected);
  });
});
