// Reproducible images: with default options, two builds of the same commit give the same
// image ID (the created label is the commit time, not the clock; no provenance
// attestation with its build ID and times for an image only loaded into the engine), and
// a commit that changes what the image copies gives another one.
import { removeImages, runImage } from '../../packages/buildx/src/testing/container';
import { execaRunner } from '@nx-buildx/buildx';
import { addProject, BUSYBOX, nxOk, removePath, unique, workspace, writeFiles } from './workspace';

jest.setTimeout(300_000);

const name = unique('repro');
const root = name; // addProject names a project after its folder
const CREATED = 'org.opencontainers.image.created';

const run = async (file: string, args: string[]) => {
  const r = await execaRunner.run(file, args, { cwd: workspace() });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const git = (...args: string[]) =>
  run('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', ...args]);
/** Commits only this suite's folder, so other suites' files stay out of it. */
const commit = async (message: string) => {
  await git('add', '--', root);
  await git('commit', '-q', '-m', message, '--', root);
  return new Date(Number(await git('log', '-1', '--format=%ct')) * 1000).toISOString();
};
/** The image's ID and created label, as the engine has them. */
const inspect = async () => {
  const [id, created] = (
    await run('docker', [
      'image',
      'inspect',
      `${name}:latest`,
      '--format',
      `{{.Id}} {{index .Config.Labels "${CREATED}"}}`,
    ])
  ).split(' ');
  return { id, created };
};
const build = async (env: Record<string, string> = {}) => {
  await nxOk(['run', `${name}:docker-build`], env);
  return inspect();
};

beforeAll(async () => {
  // Default options: only the executor and its Dockerfile.
  await addProject(
    root,
    { 'docker-build': { executor: '@nx-buildx/docker:docker-build' } },
    {
      Dockerfile: `FROM ${BUSYBOX}\nCOPY ${root}/src /src\nCMD ["cat", "/src/app.txt"]\n`,
      'src/app.txt': 'one\n',
    },
  );
});

afterAll(async () => {
  await removeImages([`${name}:latest`]);
  await removePath(root);
  await git('add', '-A', '--', root);
  await git('commit', '-q', '-m', `reproducible e2e ${name}: removed`, '--', root).catch(
    () => undefined,
  );
});

it('two builds of one commit give the same image ID, dated by the commit; a changed source another', async () => {
  const committed = await commit(`reproducible e2e ${name}`);
  const first = await build();
  expect(first.created).toBe(committed);
  expect(await build()).toEqual(first);

  await writeFiles({ [`${root}/src/app.txt`]: 'two\n' });
  const recommitted = await commit(`reproducible e2e ${name}: two`);
  const second = await build();
  expect(second.id).not.toBe(first.id);
  expect(second.created).toBe(recommitted);
  expect((await runImage(`${name}:latest`)).trim()).toBe('two');

  // SOURCE_DATE_EPOCH wins over the commit time, for the label and (through buildx) BuildKit.
  const pinned = await build({ SOURCE_DATE_EPOCH: '1700000000' });
  expect(pinned.created).toBe('2023-11-14T22:13:20.000Z');
  expect(await build({ SOURCE_DATE_EPOCH: '1700000000' })).toEqual(pinned);
});
