import { homedir } from 'node:os';
import { join } from 'node:path';
import { contextMetaPath, dockerConfigDir } from './docker-config';

describe('dockerConfigDir', () => {
  it('is DOCKER_CONFIG when set, else ~/.docker (also when DOCKER_CONFIG is empty)', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/cfg' })).toBe('/cfg');
    expect(dockerConfigDir({})).toBe(join(homedir(), '.docker'));
    expect(dockerConfigDir({ DOCKER_CONFIG: '' })).toBe(join(homedir(), '.docker'));
  });
});

describe('contextMetaPath', () => {
  it("names the folder by the sha256 of the context name, as Docker Desktop's desktop-linux context is stored", () => {
    expect(contextMetaPath('/cfg', 'desktop-linux')).toBe(
      '/cfg/contexts/meta/fe9c6bd7a66301f49ca9b6a70b217107cd1284598bfc254700c989b916da791e/meta.json',
    );
  });
});
