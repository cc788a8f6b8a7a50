import { rejoinCsvFragments } from './cli-lists';

describe('rejoinCsvFragments (list values Nx split at their commas)', () => {
  it.each([
    [['type=local', 'dest=out'], ['type=local,dest=out']],
    [
      ['type=local', 'dest=a', 'type=tar', 'dest=b.tar'],
      ['type=local,dest=a', 'type=tar,dest=b.tar'],
    ],
    [['type=registry,ref=r:1', 'mode=max'], ['type=registry,ref=r:1,mode=max']],
    [['["type=local', 'dest=x"]'], ['type=local,dest=x']],
    [
      ['["type=gha', 'scope=api"', '"type=local', 'src=d"]'],
      ['type=gha,scope=api', 'type=local,src=d'],
    ],
    [
      ['user/app:cache', 'user/app:other'],
      ['user/app:cache', 'user/app:other'],
    ],
    [['./out'], ['./out']],
    [['type=provenance', 'mode=max'], ['type=provenance,mode=max']],
  ])('%j → %j', (given, expected) => expect(rejoinCsvFragments(given)).toEqual(expected));

  it('leaves structured entries alone', () => {
    const entry = { type: 'gha', attrs: { scope: 'x' } };
    expect(rejoinCsvFragments([entry, 'mode=max'])).toEqual([entry, 'mode=max']);
  });
});
