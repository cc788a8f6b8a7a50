import { moveSecretArgsToEnv, redactSecretArgs } from './secret-args';

describe('moveSecretArgsToEnv', () => {
  it('replaces secret-like arg values with bake variables read from the environment', () => {
    const { definition, env, moved } = moveSecretArgsToEnv({
      group: { default: { targets: ['api', 'web-app'] } },
      target: {
        api: { context: '.', args: { NPM_TOKEN: 'npm_s3cr3t', NODE_VERSION: '20' } },
        'web-app': { context: '.', args: { NPM_TOKEN: 'other_s3cr3t' } },
        plain: { context: '.' },
      },
    });
    expect(definition).toEqual({
      variable: { NX_BUILDX_ARG_API_NPM_TOKEN: {}, NX_BUILDX_ARG_WEB_APP_NPM_TOKEN: {} },
      group: { default: { targets: ['api', 'web-app'] } },
      target: {
        api: {
          context: '.',
          args: { NPM_TOKEN: '${NX_BUILDX_ARG_API_NPM_TOKEN}', NODE_VERSION: '20' },
        },
        'web-app': { context: '.', args: { NPM_TOKEN: '${NX_BUILDX_ARG_WEB_APP_NPM_TOKEN}' } },
        plain: { context: '.' },
      },
    });
    expect(env).toEqual({
      NX_BUILDX_ARG_API_NPM_TOKEN: 'npm_s3cr3t',
      NX_BUILDX_ARG_WEB_APP_NPM_TOKEN: 'other_s3cr3t',
    });
    expect(moved).toEqual(['api.NPM_TOKEN', 'web-app.NPM_TOKEN']);
    expect(JSON.stringify(definition)).not.toContain('s3cr3t');
  });

  it('gives two args that sanitise to the same name their own variables', () => {
    const { env } = moveSecretArgsToEnv({
      target: { 'a-b': { args: { TOKEN: '1' } }, a_b: { args: { TOKEN: '2' } } },
    });
    expect(env).toEqual({ NX_BUILDX_ARG_A_B_TOKEN: '1', NX_BUILDX_ARG_A_B_TOKEN_2: '2' });
  });

  it('returns a definition without secret-like args unchanged', () => {
    const d = { target: { api: { args: { NODE_VERSION: '20' } } } };
    expect(moveSecretArgsToEnv(d)).toEqual({ definition: d, env: {}, moved: [] });
  });
});

describe('redactSecretArgs', () => {
  it('shows secret-like arg values as *** and keeps the rest', () => {
    expect(
      redactSecretArgs({
        target: { api: { context: '.', args: { GH_TOKEN: 'ghp_x', MODE: 'prod' } }, web: {} },
      }),
    ).toEqual({
      target: { api: { context: '.', args: { GH_TOKEN: '***', MODE: 'prod' } }, web: {} },
    });
  });
});
