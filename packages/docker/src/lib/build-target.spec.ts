import type { ExecutorContext } from '@nx/devkit';
import { InvalidOptionError } from '@nx-buildx/buildx';
import { planOfBuildTarget } from './build-target';
import type { ProjectFacts } from '../image/project';

const project: ProjectFacts = { name: 'app', root: 'apps/app', workspaceRoot: '/ws' };
const contextWith = (options: Record<string, unknown>) =>
  ({
    projectName: 'app',
    targetName: 'run',
    root: '/ws',
    projectsConfigurations: {
      version: 2,
      projects: { app: { root: 'apps/app', targets: { 'docker-build': { options } } } },
    },
  }) as unknown as ExecutorContext;
// No git placeholder and no OCI labels: the plan reads no git.
const noGit = { tags: ['1.0'], ociLabels: false };

describe('planOfBuildTarget', () => {
  it('plans the image and tags as the build target names them', async () => {
    const plan = await planOfBuildTarget(
      contextWith({ ...noGit, imageName: 'acme/app', builder: 'remote' }),
      project,
      'docker-build',
    );
    expect([plan.image, plan.tags, plan.input.build.builder]).toEqual([
      'acme/app',
      ['acme/app:1.0'],
      'remote',
    ]);
  });

  it('an override replaces the target option (release-publish --registry)', async () => {
    const plan = await planOfBuildTarget(
      contextWith({ ...noGit, registry: 'ghcr.io/old' }),
      project,
      'docker-build',
      { registry: '127.0.0.1:5000' },
    );
    expect(plan.tags).toEqual(['127.0.0.1:5000/app:1.0']);
  });

  it('throws naming buildTarget when the project has no such target', async () => {
    const failure = planOfBuildTarget(contextWith(noGit), project, 'image');
    await expect(failure).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(failure).rejects.toThrow(/buildTarget.*project app has no target "image"/s);
  });
});
