import fc from 'fast-check';
import { DockerfileError, parseDockerfile } from './parse';

describe('parseDockerfile', () => {
  const text = [
    'ARG REGISTRY=127.0.0.1:5000',
    'ARG NODE_TAG',
    'FROM --platform=$BUILDPLATFORM ${REGISTRY}/node:${NODE_TAG:-20-slim} AS deps',
    'ARG NPM_TOKEN',
    'RUN --mount=type=secret,id=npm --mount=type=cache,target=/root/.npm npm ci',
    'FROM deps AS build',
    'COPY --chown=node package.json src/ ./',
    'ADD https://example.com/a.tgz /a.tgz',
    'FROM ${REGISTRY}/acme/base:1',
    'COPY --from=build /app/dist /app',
    'COPY --from=127.0.0.1:5000/tools:1 /bin/tool /bin/tool',
    '',
  ].join('\n');

  it('reads stages with ARGs resolved from defaults, stage links, platforms', () => {
    const info = parseDockerfile(text);
    expect(info.stages).toEqual([
      {
        index: 0,
        name: 'deps',
        base: '${REGISTRY}/node:${NODE_TAG:-20-slim}',
        resolvedBase: '127.0.0.1:5000/node:20-slim',
        fromStage: undefined,
        platform: '$BUILDPLATFORM',
        line: 3,
      },
      {
        index: 1,
        name: 'build',
        base: 'deps',
        resolvedBase: 'deps',
        fromStage: 'deps',
        platform: undefined,
        line: 6,
      },
      {
        index: 2,
        name: undefined,
        base: '${REGISTRY}/acme/base:1',
        resolvedBase: '127.0.0.1:5000/acme/base:1',
        fromStage: undefined,
        platform: undefined,
        line: 9,
      },
    ]);
  });

  it('lets build args override ARG defaults', () => {
    expect(
      parseDockerfile(text, { buildArgs: { REGISTRY: 'ghcr.io', NODE_TAG: '22' } }).stages[0]
        ?.resolvedBase,
    ).toBe('ghcr.io/node:22');
  });

  it('leaves a base unresolved when an ARG it uses has no value', () => {
    expect(parseDockerfile('ARG IMG\nFROM $IMG\n').stages[0]?.resolvedBase).toBeUndefined();
  });

  it('reads the JSON form of COPY/ADD whole, spaces and all', () => {
    const info = parseDockerfile(
      'FROM busybox\nCOPY --chown=1 ["dist/apps/my app", "lib/ü x", "/app"]\nADD ["a.tgz","/b"]\n',
    );
    expect(info.copies.map((c) => c.sources)).toEqual([['dist/apps/my app', 'lib/ü x'], ['a.tgz']]);
  });

  it('reads ARGs, COPY/ADD sources and --from, and RUN mount types', () => {
    const info = parseDockerfile(text);
    expect(info.args).toEqual([
      { name: 'REGISTRY', defaultValue: '127.0.0.1:5000', global: true },
      { name: 'NODE_TAG', defaultValue: undefined, global: true },
      { name: 'NPM_TOKEN', defaultValue: undefined, global: false },
    ]);
    expect(info.copies).toEqual([
      {
        instruction: 'COPY',
        stage: 1,
        from: undefined,
        sources: ['package.json', 'src/'],
        line: 7,
      },
      {
        instruction: 'ADD',
        stage: 1,
        from: undefined,
        sources: ['https://example.com/a.tgz'],
        line: 8,
      },
      { instruction: 'COPY', stage: 2, from: 'build', sources: ['/app/dist'], line: 10 },
      {
        instruction: 'COPY',
        stage: 2,
        from: '127.0.0.1:5000/tools:1',
        sources: ['/bin/tool'],
        line: 11,
      },
    ]);
    expect(info.runMounts).toEqual([
      { stage: 0, type: 'secret', line: 5 },
      { stage: 0, type: 'cache', line: 5 },
    ]);
  });

  it.each([
    [
      'RUN --mount=type=bind,source=apps/a/lock.json,target=/l cat /l',
      { type: 'bind', source: 'apps/a/lock.json' },
    ],
    ['RUN --mount=src=x,target=/x ls', { type: 'bind', source: 'x' }],
    [
      'RUN --mount=type=bind,from=deps,source=/out,target=/o ls',
      { type: 'bind', from: 'deps', source: '/out' },
    ],
    ['RUN --mount=target=/w ls', { type: 'bind' }],
    ['RUN --mount=type=cache,target=/root/.npm ls', { type: 'cache' }],
    ['ADD --checksum=sha256:abc https://example.com/a /a', undefined],
  ])('reads the mount of %j', (line, mount) => {
    const info = parseDockerfile(`FROM busybox\n${line}\n`);
    expect(info.runMounts).toEqual(mount ? [{ stage: 0, line: 2, ...mount }] : []);
  });

  it('reads ADD --checksum', () => {
    const info = parseDockerfile(
      'FROM busybox\nADD --checksum=sha256:abc https://example.com/a /a\n',
    );
    expect(info.copies[0]?.checksum).toBe('sha256:abc');
  });

  it.each(['', '# only a comment\n', 'RUN echo hi\n', 'ARG X=1\n'])(
    'a Dockerfile without FROM (%j) is a DockerfileError',
    (t) => {
      expect(() => parseDockerfile(t, { file: 'apps/api/Dockerfile' })).toThrow(DockerfileError);
      expect(() => parseDockerfile(t, { file: 'apps/api/Dockerfile' })).toThrow(
        'apps/api/Dockerfile: has no FROM instruction',
      );
    },
  );

  it('never crashes on random text: a value or a DockerfileError', () => {
    const keyword = fc.constantFrom(
      'FROM',
      'ARG',
      'COPY',
      'ADD',
      'RUN',
      'ENV',
      'from',
      '#',
      '\\',
      '--mount=type=',
      '${',
      '$',
      'AS',
      '"',
    );
    const line = fc.array(fc.oneof(keyword, fc.string()), { maxLength: 6 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        try {
          const info = parseDockerfile(lines.join('\n'));
          return info.stages.length > 0;
        } catch (err) {
          return err instanceof DockerfileError;
        }
      }),
      { numRuns: 500 },
    );
  });
});
