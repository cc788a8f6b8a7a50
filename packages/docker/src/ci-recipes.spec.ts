// The CI recipes in docs/ci/examples are files users copy: they must be valid for the
// CI service and still do what the guides say. GitHub: action-validator (the workflow
// schema, offline, in WebAssembly). GitLab: docs/ci/schema/gitlab-ci.schema.json with
// ajv, plus the references a schema cannot see (stages, needs).
import { validateWorkflow } from '@action-validator/core';
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ci = resolve(__dirname, '../../../docs/ci');
const text = (file: string) => readFileSync(join(ci, file), 'utf8');

type Job = Record<string, unknown> & { stage?: string; needs?: unknown[] };
type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };

function githubProblems(source: string): string[] {
  return validateWorkflow(source).errors.map((e) =>
    'path' in e ? `${e.path}: ${e.title}${e.detail ? ` (${e.detail})` : ''}` : e.title,
  );
}

const gitlabSchema = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(text('schema/gitlab-ci.schema.json')),
);
const GLOBAL = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

function gitlabProblems(doc: Record<string, unknown>): string[] {
  const problems = gitlabSchema(doc)
    ? []
    : (gitlabSchema.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
      );
  const stages = (doc.stages as string[] | undefined) ?? ['build', 'test', 'deploy'];
  const jobs = Object.entries(doc).filter(([k]) => !GLOBAL.has(k) && !k.startsWith('.'));
  for (const [name, job] of jobs as Array<[string, Job]>) {
    if (job.stage && !stages.includes(job.stage))
      problems.push(`${name}: stage "${job.stage}" is not in stages`);
    for (const need of job.needs ?? []) {
      const ref = typeof need === 'string' ? need : (need as { job?: string }).job;
      if (ref && !(ref in doc)) problems.push(`${name}: needs "${ref}", which is no job`);
    }
  }
  return problems;
}

describe('docs/ci/examples/github-actions.yml', () => {
  const source = text('examples/github-actions.yml');
  const steps = (parse(source).jobs.images.steps ?? []) as Step[];
  const uses = (action: string) => steps.find((s) => s.uses?.startsWith(`${action}@`));

  it('is a valid GitHub Actions workflow', () => {
    expect(githubProblems(source)).toEqual([]);
  });

  it('does what docs/ci/github-actions.md says', () => {
    expect(uses('actions/checkout')?.with).toMatchObject({ 'fetch-depth': 0 });
    expect(uses('nrwl/nx-set-shas')).toBeDefined();
    expect(uses('docker/setup-buildx-action')).toBeDefined();
    expect(uses('docker/login-action')?.with).toMatchObject({ registry: 'ghcr.io' });
    const build = steps.findIndex((s) => /nx affected -t docker-build --batch/.test(s.run ?? ''));
    expect(build).toBeGreaterThan(-1);
    // ghcr.io refuses capitals, which an owner may have: the registry is the lowered owner.
    expect(steps[build]?.run).toMatch(/--registry="ghcr\.io\/\$\{GITHUB_REPOSITORY_OWNER,,\}"/);
    // The gha cache needs the runtime variables before nx runs.
    const runtime = steps.findIndex((s) =>
      s.uses?.startsWith('crazy-max/ghaction-github-runtime@'),
    );
    expect(runtime).toBeGreaterThan(-1);
    expect(runtime).toBeLessThan(build);
  });

  it.each([
    ['a misspelt job key', (s: string) => s.replace('runs-on:', 'runs_on:')],
    ['an unknown event', (s: string) => s.replace('pull_request:\n', 'pull_requests:\n')],
    [
      'a step with both uses and run',
      (s: string) =>
        s.replace('      - run: npm ci', '      - run: npm ci\n        uses: actions/cache@v4'),
    ],
  ])('the check fails on %s', (_what, breakIt) => {
    const broken = breakIt(source);
    expect(broken).not.toBe(source);
    expect(githubProblems(broken).length).toBeGreaterThan(0);
  });
});

describe('docs/ci/examples/.gitlab-ci.yml', () => {
  const source = text('examples/.gitlab-ci.yml');
  const doc = parse(source) as Record<string, unknown>;

  it('is valid against the GitLab CI schema and its stages and needs exist', () => {
    expect(gitlabProblems(doc)).toEqual([]);
  });

  it('does what docs/ci/gitlab-ci.md says', () => {
    expect(doc.variables).toMatchObject({ GIT_DEPTH: 0 });
    const job = doc.images as { before_script: string[]; script: string[]; services: string[] };
    expect(job.services.some((s) => s.startsWith('docker:') && s.endsWith('-dind'))).toBe(true);
    const all = [...job.before_script, ...job.script].join('\n');
    expect(all).toMatch(/docker login .*"\$CI_REGISTRY"/);
    expect(all).toMatch(/export NX_BASE=/);
    expect(all).toMatch(/nx affected -t docker-build --batch .*--push/);
  });

  it.each<[string, (d: Record<string, unknown>) => void]>([
    [
      'a misspelt job keyword',
      (d) => {
        const job = d.images as Record<string, unknown>;
        job.scripts = job.script;
        delete job.script;
      },
    ],
    ['a stage that is not declared', (d) => void ((d.images as Job).stage = 'publish')],
    [
      'a wrong when',
      (d) =>
        void ((d.workflow as { rules: Array<Record<string, unknown>> }).rules[1]!.when = 'nope'),
    ],
    ['a needs on a missing job', (d) => void ((d.images as Job).needs = ['compile'])],
    ['variables as a list', (d) => void (d.variables = ['GIT_DEPTH=0'])],
  ])('the check fails on %s', (_what, breakIt) => {
    const broken = structuredClone(doc);
    breakIt(broken);
    expect(gitlabProblems(broken).length).toBeGreaterThan(0);
  });
});
