import type { InferredImage } from './upstream-images';
import { upstreamInputs } from './upstream-images';

const image = (project: string, text: string, options: Record<string, unknown> = {}) =>
  ({
    project,
    file: `apps/${project}/Dockerfile`,
    buildName: 'docker-build',
    text,
    options,
  }) satisfies InferredImage;

const after = { dependentTasksOutputFiles: '**/*', transitive: true };

describe('upstreamInputs', () => {
  it("gives an image built on another project's image that project's build input, through every level", () => {
    const inputs = upstreamInputs([
      image('grand', 'FROM 127.0.0.1:5000/busybox\n'),
      image('base', 'FROM grand:latest\n'),
      image('app', 'FROM busybox\nCOPY --from=base /x /x\n'),
      image('other', 'FROM busybox\n'),
    ]);
    expect(inputs.get('apps/app/Dockerfile')).toEqual([
      { input: 'docker-build', projects: ['base'] },
      { input: 'docker-build', projects: ['grand'] },
      after,
    ]);
    expect(inputs.get('apps/base/Dockerfile')).toEqual([
      { input: 'docker-build', projects: ['grand'] },
      after,
    ]);
    expect(inputs.has('apps/grand/Dockerfile')).toBe(false);
    expect(inputs.has('apps/other/Dockerfile')).toBe(false);
  });

  it('matches the image name and registry the targets give, and not a look-alike', () => {
    const inputs = upstreamInputs([
      image('base', 'FROM busybox\n', { registry: 'reg:5000/team', imageName: 'core' }),
      image('uses', 'FROM reg:5000/team/core:latest\n'),
      image('lookalike', 'FROM other-reg/core:latest\n'),
    ]);
    expect(inputs.get('apps/uses/Dockerfile')?.[0]).toEqual({
      input: 'docker-build',
      projects: ['base'],
    });
    expect(inputs.has('apps/lookalike/Dockerfile')).toBe(false);
  });

  it('survives a cycle and a Dockerfile it cannot parse', () => {
    const inputs = upstreamInputs([
      image('a', 'FROM b\n'),
      image('b', 'FROM a\n'),
      image('broken', 'FROM a\nCOPY --from= x\nRUN <<EOF\n'),
    ]);
    expect(inputs.get('apps/a/Dockerfile')).toEqual([
      { input: 'docker-build', projects: ['b'] },
      after,
    ]);
    expect(inputs.get('apps/b/Dockerfile')?.[0]).toEqual({
      input: 'docker-build',
      projects: ['a'],
    });
  });
});
