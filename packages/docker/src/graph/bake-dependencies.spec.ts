import type { ProjectConfiguration } from '@nx/devkit';
import { bakeDependencies } from './bake-dependencies';

const image = { 'docker-build': { executor: '@nx-buildx/docker:docker-build' } };
const bake = (options: Record<string, unknown>) => ({
  bake: { executor: '@nx-buildx/docker:docker-bake', options },
});
const projects = (extra: Record<string, ProjectConfiguration>) => ({
  web: { root: 'apps/web', targets: image },
  api: { root: 'apps/api', targets: image },
  lib: { root: 'libs/lib', targets: {} },
  ...extra,
});
const edges = (p: Record<string, ProjectConfiguration>) =>
  bakeDependencies({ projects: p }).map((d) => `${d.source}>${d.target}:${d.type}`);

describe('bakeDependencies', () => {
  it('links a fromGraph bake to every project with a docker-build target by default', () => {
    expect(
      edges(projects({ images: { root: 'tools/images', targets: bake({ fromGraph: true }) } })),
    ).toEqual(['images>web:implicit', 'images>api:implicit']);
  });

  it('links only the listed projects, ignoring names that are not projects', () => {
    expect(
      edges(
        projects({
          images: {
            root: 'tools/images',
            targets: bake({ fromGraph: true, projects: ['web', 'lib', 'gone'] }),
          },
        }),
      ),
    ).toEqual(['images>web:implicit', 'images>lib:implicit']);
  });

  it('follows buildTarget, and never links a project to itself', () => {
    expect(
      edges({
        web: { root: 'apps/web', targets: { img: image['docker-build'] } },
        api: {
          root: 'apps/api',
          targets: { ...image, ...bake({ fromGraph: true, buildTarget: 'img' }) },
        },
      }),
    ).toEqual(['api>web:implicit']);
    expect(
      edges({ web: { root: 'apps/web', targets: { ...image, ...bake({ fromGraph: true }) } } }),
    ).toEqual([]);
  });

  it('adds nothing for a bake of files', () => {
    expect(
      edges(projects({ images: { root: 'tools/images', targets: bake({ files: ['x.hcl'] }) } })),
    ).toEqual([]);
  });
});
