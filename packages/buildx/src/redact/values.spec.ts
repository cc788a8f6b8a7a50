import { maskValues, secretValuesOf } from './values';

describe('secretValuesOf / maskValues', () => {
  const args = [
    'buildx',
    'build',
    '--build-arg',
    'NPM_TOKEN=npm_T0KEN',
    '--build-arg',
    'NODE_VERSION=20.11.1',
    '--set',
    'api.args.DB_PASSWORD=pw-from-set',
    '--cache-to',
    'type=s3,bucket=b,secret_access_key=s3-T0KEN',
    '--label',
    'src=https://gitlab-ci-token:glcbt-T0KEN@host/a.git',
    'https://ghp_0nlyT0KEN@github.com/a/b.git',
  ];

  it('collects the values of secret-like args, attributes, URL userinfo and variables, longest first', () => {
    expect(
      secretValuesOf(args, { NX_BUILDX_ARG_API_NPM_TOKEN: 'env-T0KEN-value', HOME: '/root' }),
    ).toEqual([
      'env-T0KEN-value',
      'ghp_0nlyT0KEN',
      'glcbt-T0KEN',
      'pw-from-set',
      'npm_T0KEN',
      's3-T0KEN',
    ]);
  });

  it('masks every occurrence, e.g. a build arg BuildKit expanded into a step name', () => {
    const values = secretValuesOf(args);
    expect(maskValues('#5 [2/2] RUN echo "tok=[npm_T0KEN]" npm_T0KEN', values)).toBe(
      '#5 [2/2] RUN echo "tok=[***]" ***',
    );
    expect(maskValues('NODE_VERSION 20.11.1', values)).toBe('NODE_VERSION 20.11.1');
  });

  it('does not mask values too short to be credentials', () => {
    expect(secretValuesOf(['--build-arg', 'TOKEN=abc'])).toEqual([]);
  });
});
