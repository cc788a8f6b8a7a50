import { parseDockerfile } from '@nx-buildx/buildx/dockerfile';
import type { BuildReadOptions } from './reads';
import { imageReads, namedContext } from './reads';

const reads = (body: string, o: Partial<BuildReadOptions> = {}) =>
  imageReads(parseDockerfile(`FROM busybox AS deps\n${body}`), { context: '.', ...o });

describe('imageReads: what the build context gives', () => {
  it.each([
    ['COPY apps/api/src ./src', {}, ['apps/api/src']],
    ['COPY a.txt b/ /x/', { context: 'apps/api' }, ['apps/api/a.txt', 'apps/api/b']],
    ['COPY ["my app", "/x"]', {}, ['my app']],
    ['COPY --parents --exclude=*.md --link --chmod=644 lib/** /x/', {}, ['lib/**']],
    ['COPY $SRC /x', {}, ['']],
    ['COPY ../outside /x', {}, []],
    ['ADD --checksum=sha256:abc https://example.com/a /a', {}, []],
    [
      'RUN --mount=type=bind,source=apps/bind/lock.json,target=/l cp /l /lock.json',
      {},
      ['apps/bind/lock.json'],
    ],
    ['RUN --mount=type=bind,target=/w ls /w', { context: 'apps/x' }, ['apps/x']],
    ['RUN --mount=target=/w ls /w', {}, ['']],
    ['RUN --mount=type=bind,from=deps,source=/etc,target=/e ls', {}, []],
    [
      'RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npm --mount=type=ssh ls',
      {},
      [],
    ],
    [
      'RUN --mount=type=bind,from=shared,source=a.json,target=/a ls',
      { buildContexts: { shared: 'libs/shared' } },
      ['libs/shared/a.json'],
    ],
    [
      'COPY --from=shared src /x',
      { buildContexts: { shared: './libs/shared/' } },
      ['libs/shared/src'],
    ],
    [
      'COPY --from=layout / /x',
      { buildContexts: { layout: 'oci-layout://dist/oci@sha256:abc' } },
      ['dist/oci'],
    ],
    [
      'RUN true',
      {
        secrets: [
          { id: 'npmrc', src: 'config/.npmrc' },
          { id: 'env', env: 'X' },
          { id: 'home', src: '/root/.npmrc' },
        ],
      },
      ['config/.npmrc'],
    ],
  ])('%j (%j) reads %j', (body, o, paths) => {
    const r = reads(body, o);
    expect(r.paths).toEqual(paths);
    expect(r.unhashable).toEqual([]);
  });
});

describe('imageReads: images by tag', () => {
  it.each([
    [
      'FROM 127.0.0.1:5000/busybox:latest',
      {},
      ['FROM busybox @1', 'FROM 127.0.0.1:5000/busybox:latest @2'],
    ],
    ['FROM deps', {}, ['FROM busybox @1']],
    ['FROM scratch', {}, ['FROM busybox @1']],
    ['COPY --from=base:latest /x /x', {}, ['FROM busybox @1', 'COPY --from base:latest @2']],
    ['COPY --from=0 /x /x', {}, ['FROM busybox @1']],
    [
      'RUN --mount=type=bind,from=node:20-slim,target=/n ls',
      {},
      ['FROM busybox @1', 'RUN --mount from node:20-slim @2'],
    ],
    [
      'COPY --from=tools /t /t',
      { buildContexts: { tools: 'docker-image://127.0.0.1:5000/tools:1' } },
      ['FROM busybox @1', 'build context 127.0.0.1:5000/tools:1 @2'],
    ],
    // A named context keyed by an image name replaces that image wherever it is used.
    [
      'FROM node:20-slim',
      {
        buildContexts: {
          'docker.io/library/node:20-slim': 'docker-image://127.0.0.1:5000/node:20-slim',
        },
      },
      ['FROM busybox @1', 'build context 127.0.0.1:5000/node:20-slim @2'],
    ],
  ])('%j (%j) uses %j', (body, o, images) => {
    expect(reads(body, o).images.map((i) => `${i.via} ${i.ref} @${i.line}`)).toEqual(images);
  });

  it('a FROM replaced by a local folder context reads the whole folder', () => {
    const r = reads('FROM base', { buildContexts: { base: 'dist/rootfs' } });
    expect([r.paths, r.images.map((i) => i.ref)]).toEqual([['dist/rootfs'], ['busybox']]);
  });
});

describe('imageReads: what nothing can vouch for', () => {
  it.each([
    [
      'ADD https://example.com/a.tgz /a',
      {},
      'ADD https://example.com/a.tgz: remote content without --checksum',
    ],
    [
      'ADD git@github.com:acme/x.git /x',
      {},
      'ADD git@github.com:acme/x.git: remote content without --checksum',
    ],
    [
      'COPY --from=app / /',
      { buildContexts: { app: 'target:app' } },
      "build context target:app: another bake target's image",
    ],
    [
      'COPY --from=src / /',
      { buildContexts: { src: 'https://github.com/acme/x.git' } },
      'build context https://github.com/acme/x.git: remote content',
    ],
  ])('%j (%j): %s', (body, o, why) => {
    expect(reads(body, o).unhashable).toEqual([why]);
  });

  it('a FROM whose ARG has no value', () => {
    const r = imageReads(parseDockerfile('ARG IMG\nFROM $IMG\n'), { context: '.' });
    expect(r.unhashable).toEqual(['FROM $IMG: an ARG in it has no value']);
  });

  it('a Dockerfile that cannot be parsed reads the whole context and cannot be vouched for', () => {
    expect(imageReads(new Error('no FROM'), { context: 'apps/a' })).toEqual({
      paths: [''],
      images: [],
      unhashable: ['the Dockerfile cannot be parsed'],
    });
  });

  it('named contexts unused by the Dockerfile are not read', () => {
    const r = reads('COPY a /a', { buildContexts: { other: 'libs/other', app: 'target:app' } });
    expect([r.paths, r.unhashable]).toEqual([['a'], []]);
  });
});

describe('namedContext', () => {
  it.each([
    ['libs/shared', { kind: 'folder', path: 'libs/shared' }],
    ['docker-image://alpine:3', { kind: 'image', ref: 'alpine:3' }],
    [
      'target:base',
      { kind: 'unhashable', why: "build context target:base: another bake target's image" },
    ],
    [
      'https://example.com/ctx.tar',
      { kind: 'unhashable', why: 'build context https://example.com/ctx.tar: remote content' },
    ],
  ])('%s', (value, expected) => {
    expect(namedContext(value)).toEqual(expected);
  });
});
