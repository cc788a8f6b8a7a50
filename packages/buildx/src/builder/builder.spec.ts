import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capabilitiesOf, parseInspect, usesContainerdStore } from './inspect';
import { atLeast, parseBuildxVersion } from './version';

const fixture = (name: string) => readFileSync(join(__dirname, '../__fixtures__', name), 'utf8');

describe('builder facts', () => {
  it.each(['', 'buildx-0.29/'])(
    'reads name, driver, status and platforms from docker buildx inspect (%s)',
    (dir) => {
      expect(parseInspect(fixture(`${dir}inspect-docker-driver.txt`))).toEqual({
        name: 'default',
        driver: 'docker',
        status: 'running',
        buildkit: 'v0.0.0+unknown',
        platforms: [
          'linux/amd64',
          'linux/amd64/v2',
          'linux/amd64/v3',
          'linux/amd64/v4',
          'linux/arm64',
        ],
      });
    },
  );

  it('rejects output that is not an inspect', () => {
    expect(() => parseInspect('ERROR: no builder "x" found')).toThrow(
      /cannot read builder name and driver/,
    );
  });

  it.each([
    ['docker', true, { exportCache: true, loadMultiPlatform: true, multiPlatform: true }],
    ['docker', false, { exportCache: false, loadMultiPlatform: false, multiPlatform: false }],
    [
      'docker-container',
      false,
      { exportCache: true, loadMultiPlatform: false, multiPlatform: true },
    ],
  ])('capabilities of driver %s with containerd store %s', (driver, store, caps) => {
    expect(capabilitiesOf(driver, store)).toEqual(caps);
  });

  it('detects the containerd image store from docker info', () => {
    expect(usesContainerdStore('[["driver-type","io.containerd.snapshotter.v1"]]')).toBe(true);
    expect(usesContainerdStore('[["Backing Filesystem","extfs"]]')).toBe(false);
  });

  it('reads Debian and upstream buildx versions and compares them', () => {
    const deb = parseBuildxVersion(fixture('version.txt'));
    expect(deb).toMatchObject({ major: 0, minor: 13, patch: 1 });
    expect(atLeast(deb, '0.13')).toBe(true);
    expect(atLeast(deb, '0.18')).toBe(false);
    expect(atLeast(parseBuildxVersion('github.com/docker/buildx v1.0.0 abc'), '0.18')).toBe(true);
    const sid = parseBuildxVersion(fixture('buildx-0.29/version.txt'));
    expect(sid).toMatchObject({ major: 0, minor: 29, patch: 1 });
    expect(atLeast(sid, '0.18')).toBe(true);
    expect(() => parseBuildxVersion('buildx: command not found')).toThrow(
      /cannot read a buildx version/,
    );
  });
});
