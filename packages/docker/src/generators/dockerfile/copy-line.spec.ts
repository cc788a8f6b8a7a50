import { copyLine } from './copy-line';

describe('copyLine', () => {
  it('writes the plain form for plain paths', () => {
    expect(copyLine(['dist/apps/api/package.json', 'dist/apps/api/package-lock.json'], './')).toBe(
      'COPY dist/apps/api/package.json dist/apps/api/package-lock.json ./',
    );
  });

  it('writes the JSON form when a path holds a space, so it stays one path', () => {
    expect(copyLine(['dist/apps/my app'], './')).toBe('COPY ["dist/apps/my app", "./"]');
  });
});
