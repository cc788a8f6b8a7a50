import { InvalidOptionError } from '../errors/errors';
import { joinCsv, splitCsv } from './csv';
import { formatCacheEntry, parseCacheEntry } from './entry';

describe('cache entries', () => {
  it.each([
    ['type=local,src=/tmp/c', 'from', { type: 'local', attrs: { src: '/tmp/c' } }],
    [
      'type=local,dest=/tmp/c,mode=max',
      'to',
      { type: 'local', attrs: { dest: '/tmp/c', mode: 'max' } },
    ],
    [
      'type=registry,ref=reg/app:cache,image-manifest=true,oci-mediatypes=true',
      'to',
      {
        type: 'registry',
        attrs: { ref: 'reg/app:cache', 'image-manifest': 'true', 'oci-mediatypes': 'true' },
      },
    ],
    ['reg/app:cache', 'from', { type: 'registry', attrs: { ref: 'reg/app:cache' } }],
    ['type=gha,scope=api,mode=max', 'to', { type: 'gha', attrs: { scope: 'api', mode: 'max' } }],
    [
      'type=s3,region=eu-west-1,bucket=b,prefix=api/',
      'from',
      { type: 's3', attrs: { region: 'eu-west-1', bucket: 'b', prefix: 'api/' } },
    ],
    ['type=inline', 'to', { type: 'inline', attrs: {} }],
    ['type=local,"dest=/tmp/a,b"', 'to', { type: 'local', attrs: { dest: '/tmp/a,b' } }],
    [
      'type=registry,ref=r/a:c,token=a=b',
      'from',
      { type: 'registry', attrs: { ref: 'r/a:c', token: 'a=b' } },
    ],
  ] as const)('parses %s', (text, direction, entry) => {
    expect(parseCacheEntry(text, direction)).toEqual(entry);
  });

  it.each([
    'type=local,src=/tmp/c',
    'type=local,"dest=/tmp/a,b",mode=max',
    'type=registry,ref=r/a:c,token=a=b',
  ])('formats %s back to the same text', (text) => {
    expect(formatCacheEntry(parseCacheEntry(text, text.includes('dest') ? 'to' : 'from'))).toBe(
      text,
    );
  });

  it.each([
    ['', 'from', 'must not be empty'],
    ['type=local', 'to', 'type=local needs dest=…'],
    ['type=local', 'from', 'type=local needs src=…'],
    ['type=s3,bucket=b', 'to', 'needs region=…'],
    ['mode=max,dest=/x', 'to', 'has no type='],
    ['type=floppy', 'to', 'unknown cache type "floppy"'],
    ['type=local,"dest=/x', 'to', 'unterminated quote'],
    ['type=local,=x', 'to', 'is not key=value'],
  ] as const)('rejects %j (%s) with a clear message', (text, direction, message) => {
    expect(() => parseCacheEntry(text, direction)).toThrow(InvalidOptionError);
    expect(() => parseCacheEntry(text, direction)).toThrow(message);
  });

  it('round-trips CSV fields with quotes and commas', () => {
    const fields = ['a', 'b,c', 'say "hi"', ''];
    expect(splitCsv(joinCsv(fields))).toEqual(fields);
  });
});
