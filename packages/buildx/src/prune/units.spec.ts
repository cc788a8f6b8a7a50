import { InvalidOptionError } from '../errors/errors';
import { formatBytes, parseDuration, parsePrintedSize, parseSize, toGoDuration } from './units';

describe('sizes and durations', () => {
  it.each([
    ['5GB', 5 * 1024 ** 3],
    ['512mb', 512 * 1024 ** 2],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['1073741824', 1073741824],
    ['10k', 10240],
  ])('parseSize(%s) = %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'GB', '5 parsecs', '-1GB', '5GB extra'])('parseSize rejects %j', (text) => {
    expect(() => parseSize(text, 'keepStorage')).toThrow(InvalidOptionError);
    expect(() => parseSize(text, 'keepStorage')).toThrow(/keepStorage: ".*" is not a size/);
  });

  it.each([
    ['264.6MB', 264_600_000],
    ['4.096kB', 4096],
    ['0B', 0],
    ['1.2GB', 1_200_000_000],
    ['2MiB', 2 * 1024 ** 2],
  ])('parsePrintedSize(%s) = %d bytes (docker prints decimal units)', (text, bytes) =>
    expect(parsePrintedSize(text)).toBe(bytes),
  );

  it.each([
    ['7d', 604800],
    ['36h', 129600],
    ['1w2d', 777600],
    ['90m', 5400],
    ['45s', 45],
  ])('parseDuration(%s) = %d s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', '7', 'd7', '7 days', '7d junk', '1x'])('parseDuration rejects %j', (text) => {
    expect(() => parseDuration(text, 'until')).toThrow(/until: ".*" is not a duration/);
  });

  it.each([
    [604800, '168h'],
    [5400, '90m'],
    [45, '45s'],
  ])('toGoDuration(%d) = %s', (s, go) => expect(toGoDuration(s)).toBe(go));

  it.each([
    [0, '0 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
