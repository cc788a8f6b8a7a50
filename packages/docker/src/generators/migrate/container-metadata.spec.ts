import { convertMetadata, splitImage } from './container-metadata';
import { noteLine } from './notes';

const tagsOf = (tags: string[], flavor?: string[]) =>
  convertMetadata({ images: ['api'], tags, flavor }, 'api', 'api:c');

describe('metadata tags → tags here', () => {
  test.each([
    ['type=raw,value=stable', ['stable']],
    ['stable', ['stable']],
    ['type=raw,value={{branch}}-{{sha}}', ['{branch}-{shortSha}']],
    ["type=raw,value=nightly-{{date 'YYYYMMDD'}}", ['nightly-{date}']],
    ['type=sha', ['sha-{shortSha}']],
    ['type=sha,prefix=,format=long', ['{sha}']],
    ['type=sha,prefix=git-,suffix=-x', ['git-{shortSha}-x']],
    ['type=ref,event=branch', ['{branch}']],
    ['type=ref,event=branch,prefix=br-', ['br-{branch}']],
    ['type=raw,value=skip,enable=false', []],
    ['type=raw,value=on,enable=true', ['on']],
  ])('%s → %j', (entry, tags) => {
    const r = tagsOf([entry]);
    expect(r.tags).toEqual(tags);
    expect(r.notes).toEqual([]);
  });

  test.each([
    ['type=schedule', /scheduled runs only/],
    ['type=ref,event=tag', /git tag of a tag push/],
    ['type=ref,event=pr', /pull request number/],
    ['type=edge', /default branch only/],
    ['type=match,pattern=v(.*)', /matched from a git tag/],
    ['type=raw,value={{tag}}', /\{\{tag\}\} has no placeholder here/],
    ['type=raw,value=x,enable={{is_default_branch}}', /decided per CI event/],
  ])('%s is reported', (entry, why) => {
    const r = tagsOf([entry]);
    expect(r.tags).toEqual([]);
    expect(r.notes.map(noteLine)).toEqual([expect.stringMatching(why)]);
    expect(r.notes[0]?.option).toBe(`metadata.tags ${entry}`);
  });

  it("uses metadata-action's default tags when none are given: only the branch converts", () => {
    const r = convertMetadata({ images: ['api'] }, 'api', 'w');
    expect(r.tags).toEqual(['{branch}']);
    expect(r.notes).toHaveLength(3);
  });

  it('applies the flavor: prefix and suffix on every tag, latest=true adds latest', () => {
    expect(
      tagsOf(
        ['type=ref,event=branch', 'type=raw,value=x,prefix=p-'],
        ['prefix=v-', 'suffix=-slim', 'latest=true'],
      ).tags,
    ).toEqual(['v-{branch}-slim', 'p-x-slim', 'v-latest-slim']);
  });

  it('says latest=auto with semver tags adds latest on releases only', () => {
    const r = tagsOf(['type=semver,pattern={{version}}']);
    expect(r.notes.map((n) => n.option)).toEqual([
      'metadata.tags type=semver,pattern={{version}}',
      'metadata.flavor latest=auto',
    ]);
  });
});

describe('metadata images and labels', () => {
  it('the first image is registry + imageName; others get every tag as a full reference', () => {
    const r = convertMetadata(
      { images: ['ghcr.io/acme/api', 'name=docker.io/acme/api,enable=true'], tags: ['type=sha'] },
      'api',
      'w',
    );
    expect(r).toEqual({
      registry: 'ghcr.io/acme',
      tags: ['sha-{shortSha}', 'docker.io/acme/api:sha-{shortSha}'],
      labels: {},
      notes: [],
    });
  });

  it('leaves imageName out when it is the default (the project name as an image name)', () => {
    expect(convertMetadata({ images: ['api'], tags: ['x'] }, '@scope/API', 'w').imageName).toBe(
      'api',
    );
    expect(
      convertMetadata({ images: ['scope/api'], tags: ['x'] }, '@scope/api', 'w'),
    ).toMatchObject({ registry: 'scope' });
  });

  it('labels KEY=value become a map; an image from the environment is reported', () => {
    const r = convertMetadata(
      { images: ['$IMAGE', 'api'], labels: ['a=1', 'b=x=y', 'broken'] },
      'api',
      'w',
    );
    expect(r.labels).toEqual({ a: '1', b: 'x=y' });
    expect(r.notes.map((n) => n.option)).toEqual([
      'metadata.images $IMAGE',
      'metadata.tags type=schedule',
      'metadata.tags type=ref,event=tag',
      'metadata.tags type=ref,event=pr',
      'metadata.labels broken',
    ]);
  });

  it('a block without images is dropped, as nx-container ignores it', () => {
    expect(convertMetadata({ tags: ['type=sha'] }, 'api', 'w').notes.map(noteLine)).toContain(
      'w metadata: no images: nx-container ignores the block then; dropped',
    );
  });

  test.each([
    ['api', { imageName: 'api' }],
    ['ghcr.io/acme/api', { registry: 'ghcr.io/acme', imageName: 'api' }],
    ['127.0.0.1:5000/api', { registry: '127.0.0.1:5000', imageName: 'api' }],
  ])('splitImage(%s)', (image, parts) => expect(splitImage(image)).toEqual(parts));
});
