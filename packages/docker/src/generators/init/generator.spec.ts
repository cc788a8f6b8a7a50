import type { Tree } from '@nx/devkit';
import { readNxJson, updateNxJson } from '@nx/devkit';
import { initGenerator } from './generator';
import { ignoreInGit } from './gitignore';
import { changesOf as snapshot, emptyWorkspace } from '../testing/tree';

describe('init generator', () => {
  let tree: Tree;
  const env = { ...process.env };
  beforeEach(() => {
    tree = emptyWorkspace();
    delete process.env.NX_BUILDX_CACHE_DIR;
    delete process.env.XDG_CACHE_HOME;
  });
  afterEach(() => {
    process.env = { ...env };
  });

  it('registers the plugin with the options users change most written out', async () => {
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toEqual([
      {
        plugin: '@nx-buildx/docker',
        options: {
          buildTargetName: 'docker-build',
          freshTargetName: 'docker-fresh',
          imageName: '{projectName}',
          cacheStrategy: 'auto',
          cache: false,
        },
      },
    ]);
  });

  it('writes the options it is given, registry only when given', async () => {
    const given = {
      buildTargetName: 'image',
      freshTargetName: 'image-fresh',
      imageName: 'acme-{projectName}',
      registry: 'ghcr.io/acme',
      cacheStrategy: 'registry',
      cache: true,
    };
    await initGenerator(tree, given);
    expect(readNxJson(tree)?.plugins?.[0]).toEqual({ plugin: '@nx-buildx/docker', options: given });
  });

  it('keeps the other plugins and adds itself last', async () => {
    const nxJson = readNxJson(tree)!;
    updateNxJson(tree, { ...nxJson, plugins: ['@nx/js/typescript'] });
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins?.map((p) => (typeof p === 'string' ? p : p.plugin))).toEqual([
      '@nx/js/typescript',
      '@nx-buildx/docker',
    ]);
  });

  it.each([
    ['a string entry', '@nx-buildx/docker'],
    ['an object entry', { plugin: '@nx-buildx/docker', options: { registry: 'r.example.com' } }],
  ])('leaves %s as it is', async (_, entry) => {
    updateNxJson(tree, { ...readNxJson(tree)!, plugins: [entry] });
    const before = tree.read('nx.json', 'utf8');
    await initGenerator(tree, { registry: 'other.example.com' });
    expect(tree.read('nx.json', 'utf8')).toBe(before);
  });

  it('changes nothing the second time', async () => {
    process.env.NX_BUILDX_CACHE_DIR = `${tree.root}/.cache/nx-buildx`;
    await initGenerator(tree, {});
    const first = snapshot(tree);
    await initGenerator(tree, {});
    expect(snapshot(tree)).toEqual(first);
    expect(tree.read('.gitignore', 'utf8')?.match(/\/\.cache\/nx-buildx/g)).toHaveLength(1);
  });

  it('ignores the local cache directory in git when it is inside the workspace', async () => {
    process.env.NX_BUILDX_CACHE_DIR = `${tree.root}/tmp/buildx-cache`;
    tree.write('.gitignore', 'node_modules\n/dist');
    await initGenerator(tree, {});
    expect(tree.read('.gitignore', 'utf8')).toBe(
      'node_modules\n/dist\n\n# @nx-buildx/docker local build cache\n/tmp/buildx-cache\n',
    );
  });

  it('leaves .gitignore alone when the cache is outside the workspace (the default)', async () => {
    process.env.XDG_CACHE_HOME = '/home/someone/.cache';
    await initGenerator(tree, {});
    expect(tree.exists('.gitignore')).toBe(false);
  });

  it.each([
    [false, 1],
    [true, 0],
  ])('with skipFormat %s runs the workspace formatter %i time(s)', async (skipFormat, runs) => {
    const formatted = emptyWorkspace({ formatted: true });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await initGenerator(formatted, { skipFormat });
    const attempts = warn.mock.calls.filter(([m]) => /Could not format files with oxfmt/.test(m));
    warn.mockRestore();
    expect(attempts).toHaveLength(runs);
  });

  it('refuses an unknown option and a bad value, naming them', async () => {
    await expect(initGenerator(tree, { cacheStrategie: 'local' })).rejects.toThrow(
      /cacheStrategie/,
    );
    await expect(initGenerator(tree, { cacheStrategy: 'disk' })).rejects.toThrow(
      /cacheStrategy: must be one of/,
    );
    expect(readNxJson(tree)?.plugins).toBeUndefined();
  });

  it('prints the next steps (after the files are written)', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const callback = await initGenerator(tree, {});
    await callback();
    const printed = [...info.mock.calls, ...log.mock.calls].flat().join('\n');
    info.mockRestore();
    log.mockRestore();
    expect(printed).toMatch(/registered the graph plugin/);
    expect(printed).toMatch(/nx g @nx-buildx\/docker:dockerignore --project <name>/);
  });
});

describe('ignoreInGit', () => {
  it.each([
    ['node_modules', 'node_modules/.cache/nx-buildx'],
    ['.cache/', '.cache/nx-buildx'],
    ['/.cache/nx-buildx/', '.cache/nx-buildx'],
    ['.cache/**', '.cache/nx-buildx'],
  ])('sees that %s already covers %s', (line, rel) => {
    const tree = emptyWorkspace();
    tree.write('.gitignore', `${line}\n`);
    expect(ignoreInGit(tree, `${tree.root}/${rel}`)).toBeUndefined();
    expect(tree.read('.gitignore', 'utf8')).toBe(`${line}\n`);
  });

  it.each([['/other'], ['!x'], ['# .cache']])('adds the directory beside %s', (line) => {
    const tree = emptyWorkspace();
    tree.write('.gitignore', `${line}\n`);
    expect(ignoreInGit(tree, `${tree.root}/.cache/nx-buildx`)).toBe('/.cache/nx-buildx');
  });
});
