export * from './process/runner';
export { execaRunner } from './process/execa-runner';
