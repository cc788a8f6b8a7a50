import { parseDockerfile } from '@nx-buildx/buildx/dockerfile';
import { quickCopies } from './quick-copies';

// Plain Dockerfiles: the line reader must give exactly what dockerfile-ast gives.
const plain = [
  'FROM node:20-slim AS base\nCOPY package.json ./\nCOPY dist/apps/cart ./app\nCOPY --from=base /etc/hosts /x\nCMD ["node", "app/main.js"]\n',
  'ARG REG=127.0.0.1:5000\nFROM ${REG}/busybox\n  copy   --chown=1:1  --link a b c/ /dst/\nADD https://example.com/x.tgz /x\nadd $SRC /s\n',
  '# a comment\r\nFROM busybox\r\n\r\nWORKDIR /app\r\nCOPY . .\r\nRUN echo "COPY not/this /x"\r\n',
  'FROM a AS one\nFROM b\nCOPY --from=one /out /out\nONBUILD COPY later /l\nCOPY src /src\n',
];
// Anything a line reader could misread is left to the full parser.
const unusual = [
  '# escape=`\nFROM busybox\nCOPY a `\n  b /x\n',
  '# syntax=docker/dockerfile:1\nFROM busybox\nCOPY a /a\n',
  'FROM busybox\nCOPY a \\\n  b /x\n',
  'FROM busybox\nCOPY <<EOF /x\nhello\nEOF\n',
  'FROM busybox\nCOPY ["a b", "/x"]\n',
  'FROM busybox\nCOPY "a b" /x\n',
  'FROM busybox\nCOPY --from stage /a /b\n',
  'FROM busybox\nCOPY --from= /a /b\n',
  'COPY a /a\nFROM busybox\n',
  'FROM busybox\nRUN --mount=type=bind,source=lock.json,target=/l cat /l\n',
  'RUN echo there is no FROM\n',
];

describe('quickCopies', () => {
  it.each(plain)('reads plain Dockerfiles as dockerfile-ast does (%#)', (text) => {
    const quick = quickCopies(text);
    expect(quick).toBeDefined();
    expect(quick).toEqual(parseDockerfile(text).copies);
  });

  it.each(unusual)('leaves unusual Dockerfiles to the full parser (%#)', (text) => {
    expect(quickCopies(text)).toBeUndefined();
  });
});
