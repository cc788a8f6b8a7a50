import { runAndReleaseTargets } from './run-release-targets';

const project = (o: { npmPublishable?: boolean } = {}) => ({
  name: 'api',
  root: 'apps/api',
  targets: {},
  ...o,
});
const main = { file: 'apps/api/Dockerfile', variant: '' };

describe('runAndReleaseTargets', () => {
  it('adds docker-run after what the build copies, and nx-release-publish after the build', () => {
    const t = runAndReleaseTargets(project(), main, 'docker-build', ['build', '^docker-build']);
    expect(Object.keys(t)).toEqual(['docker-run', 'nx-release-publish']);
    expect(t['docker-run']).toMatchObject({
      executor: '@nx-buildx/docker:docker-run',
      options: {},
      dependsOn: ['build', '^docker-build'],
      cache: false,
    });
    expect(t['nx-release-publish']).toMatchObject({
      executor: '@nx-buildx/docker:release-publish',
      options: {},
      dependsOn: ['docker-build'],
      cache: false,
    });
  });

  it('leaves nx-release-publish to npm for a package npm would publish', () => {
    const t = runAndReleaseTargets(project({ npmPublishable: true }), main, 'docker-build', []);
    expect(Object.keys(t)).toEqual(['docker-run']);
  });

  it('names the build target of a variant, which gets no release target', () => {
    const t = runAndReleaseTargets(
      project(),
      { file: 'apps/api/Dockerfile.worker', variant: 'worker' },
      'docker-build-worker',
      [],
    );
    expect(Object.keys(t)).toEqual(['docker-run-worker']);
    expect(t['docker-run-worker']?.options).toEqual({ buildTarget: 'docker-build-worker' });
  });
});
