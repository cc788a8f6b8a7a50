import { z } from 'zod';
import type { InvalidOptionError } from './errors';
import { didYouMean, parseOptions } from './zod-issues';

const known = ['tags', 'cacheStrategy', 'cacheFrom', 'noCache', 'pull', 'buildArgs'];

describe('didYouMean', () => {
  it.each([
    ['tag', undefined, /"tags" instead of "tag"/],
    ['cache-from', undefined, /"cacheFrom" instead of "cache-from"/],
    ['no-cache', true, /"noCache" instead of "no-cache"/],
    [
      'cache',
      false,
      /"noCache"\? On the command line --no-cache means cache: false; write --noCache/,
    ],
    ['cahceStrategy', undefined, /"cacheStrategy"/],
  ])('%s (value %j)', (key, value, hint) => {
    expect(didYouMean(key, known, value)).toMatch(hint);
  });

  it('a key that is far from every known one gets no guess', () => {
    expect(didYouMean('platformz-and-more', known)).toBeUndefined();
  });

  it('cache: true is not mistaken for --no-cache', () => {
    expect(didYouMean('cache', known, true)).toMatch(/"cacheStrategy"/);
  });
});

describe('parseOptions', () => {
  const schema = z
    .object({ noCache: z.boolean().default(false), cacheStrategy: z.string().optional() })
    .strict();

  it('--no-cache from the command line (cache: false) suggests noCache, once', () => {
    let error: InvalidOptionError | undefined;
    try {
      parseOptions(schema, { cache: false });
    } catch (err) {
      error = err as InvalidOptionError;
    }
    expect(error?.problems).toHaveLength(1);
    expect(error?.message).toMatch(/unknown option "cache"; did you mean "noCache"\?/);
    expect(error?.message).not.toMatch(/cacheStrategy/);
  });
});
