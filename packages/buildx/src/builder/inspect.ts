/** What a builder is and can do, from `docker buildx inspect` (+ `docker info`). */
export interface BuilderInfo {
  name: string;
  driver: string;
  status?: string;
  platforms: string[];
  /** BuildKit of the (first) node, e.g. `v0.13.2`. */
  buildkit?: string;
  capabilities: BuilderCapabilities;
}

export interface BuilderCapabilities {
  /** `--cache-to type=local|registry|…` (not only inline). */
  exportCache: boolean;
  /** `--load` of a multi-platform image into the engine. */
  loadMultiPlatform: boolean;
  /** `--push` of a multi-platform image (index). */
  multiPlatform: boolean;
}

/** Parses `docker buildx inspect` text (fixture: __fixtures__/inspect-docker-driver.txt). */
export function parseInspect(text: string): Omit<BuilderInfo, 'capabilities'> {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
  const name = field('Name');
  const driver = field('Driver');
  if (!name || !driver)
    throw new Error(`cannot read builder name and driver from:\n${text.trim()}`);
  const platforms = (field('Platforms') ?? '')
    .split(',')
    .map((p) => p.replace(/\*$/, '').trim())
    .filter(Boolean);
  return {
    name,
    driver,
    status: field('Status'),
    platforms,
    buildkit: field('BuildKit version') ?? field('BuildKit'),
  };
}

/**
 * What a builder can do. The `docker` driver exports cache and loads multi-platform
 * images only on the containerd image store; other drivers always can export, but load
 * a multi-platform image only through the engine's store.
 */
export function capabilitiesOf(driver: string, containerdStore: boolean): BuilderCapabilities {
  if (driver === 'docker') {
    return {
      exportCache: containerdStore,
      loadMultiPlatform: containerdStore,
      multiPlatform: containerdStore,
    };
  }
  return { exportCache: true, loadMultiPlatform: containerdStore, multiPlatform: true };
}

/** Does `docker info`'s DriverStatus say the engine uses the containerd image store? */
export function usesContainerdStore(driverStatusJson: string): boolean {
  return /io\.containerd\.snapshotter/.test(driverStatusJson);
}
