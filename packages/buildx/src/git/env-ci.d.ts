// env-ci ships no types; this is the part of its result we read (see ci-env.ts).
declare module 'env-ci' {
  interface EnvCiResult {
    isCi: boolean;
    service?: string;
    name?: string;
    commit?: string;
    branch?: string;
    prBranch?: string;
    tag?: string;
    pr?: string | number;
    isPr?: boolean;
  }
  const envCi: (options?: {
    env?: Record<string, string | undefined>;
    cwd?: string;
  }) => EnvCiResult;
  export default envCi;
}
