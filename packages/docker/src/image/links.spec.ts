import { parseDockerfile } from '@nx-buildx/buildx';
import { imageLinks, imageOwners, normalizeImageRef } from './links';

describe('normalizeImageRef', () => {
  it.each([
    ['base', 'base:latest'],
    ['base:1', 'base:1'],
    ['docker.io/library/base', 'base:latest'],
    ['docker.io/acme/base:2', 'acme/base:2'],
    ['127.0.0.1:5000/acme/base', '127.0.0.1:5000/acme/base:latest'],
    ['127.0.0.1:5000/acme/base:3', '127.0.0.1:5000/acme/base:3'],
    ['base@sha256:abc', 'base@sha256:abc'],
  ])('%s → %s', (ref, normal) => {
    expect(normalizeImageRef(ref)).toBe(normal);
  });
});

describe('imageLinks', () => {
  const owners = imageOwners([
    { project: 'base', image: '127.0.0.1:5000/acme/base', tags: ['127.0.0.1:5000/acme/base:1'] },
    { project: 'tools', image: 'tools', tags: ['tools:2'] },
    { project: 'api', image: 'api', tags: ['api:latest'] },
  ]);
  const links = (dockerfile: string, buildArgs?: Record<string, string>) =>
    imageLinks(parseDockerfile(dockerfile, { buildArgs }), owners, 'api').map(
      (l) => `${l.via} ${l.project} ${l.ref} @${l.line}`,
    );

  it.each([
    ['FROM 127.0.0.1:5000/acme/base\n', ['FROM base 127.0.0.1:5000/acme/base @1']],
    ['FROM 127.0.0.1:5000/acme/base:1\n', ['FROM base 127.0.0.1:5000/acme/base:1 @1']],
    ['FROM 127.0.0.1:5000/acme/base:2\n', []],
    ['FROM 127.0.0.1:5000/acme/base@sha256:abc\n', []],
    ['ARG REG=127.0.0.1:5000\nFROM ${REG}/acme/base\n', ['FROM base 127.0.0.1:5000/acme/base @2']],
    ['ARG REG\nFROM ${REG}/acme/base\n', []],
    ['FROM busybox\nCOPY --from=tools:2 /t /t\n', ['COPY --from tools tools:2 @2']],
    ['FROM tools:2 AS build\nFROM busybox\nCOPY --from=build /t /t\n', ['FROM tools tools:2 @1']],
    ['FROM busybox AS tools\nFROM busybox\nCOPY --from=tools /t /t\n', []],
    ['FROM busybox\nCOPY --from=0 /t /t\n', []],
    ['FROM api\n', []],
  ])('%j uses %j', (dockerfile, expected) => {
    expect(links(dockerfile)).toEqual(expected);
  });

  it('resolves FROM ARGs from the build args the project passes', () => {
    expect(links('ARG REG\nFROM ${REG}/acme/base:1\n', { REG: '127.0.0.1:5000' })).toEqual([
      'FROM base 127.0.0.1:5000/acme/base:1 @2',
    ]);
  });
});
