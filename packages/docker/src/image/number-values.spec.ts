import { decimalValueWarnings } from './number-values';

describe('decimalValueWarnings', () => {
  it('names each decimal number in buildArgs and labels', () => {
    expect(
      decimalValueWarnings({ buildArgs: { V: 1.1, N: 12, S: '1.10' }, labels: { x: 2.5 } }),
    ).toEqual([
      expect.stringMatching(
        /^buildArgs\.V arrived as the number 1\.1 .*set buildArgs\.V as a string/,
      ),
      expect.stringMatching(/^labels\.x arrived as the number 2\.5/),
    ]);
  });

  it('says nothing for integers, strings, booleans or missing maps', () => {
    expect(decimalValueWarnings({ buildArgs: { N: 12, B: true, S: '1.10' } })).toEqual([]);
    expect(decimalValueWarnings({})).toEqual([]);
    expect(decimalValueWarnings(undefined)).toEqual([]);
  });
});
