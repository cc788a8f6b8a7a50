import { parseOptions, pruneOptionsSchema } from '@nx-buildx/buildx';
import { pruneValueProblems } from './values';

const problems = (o: Record<string, unknown>) =>
  pruneValueProblems(parseOptions(pruneOptionsSchema, o));

describe('pruneValueProblems', () => {
  it('accepts the durations and sizes the real prune converts', () => {
    expect(problems({ until: '7d', unusedFor: '36h', keepStorage: '5GB' })).toEqual([]);
  });

  it('names every bad value at once, with the words of the real run', () => {
    expect(problems({ until: '7 days', keepStorage: 'lots' })).toEqual([
      {
        path: 'until',
        message: expect.stringMatching(/"7 days" is not a duration; write e.g. 7d/),
      },
      {
        path: 'keepStorage',
        message: expect.stringMatching(/"lots" is not a size; write a number/),
      },
    ]);
  });
});
