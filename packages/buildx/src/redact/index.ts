export { isSecretLikeName, nameWords } from './secret-names';
export { publicSourceUrl } from './source-url';
export { describeCommand, commandWithNote, redactArgs, shellQuote } from './command';
export type { ShownCommand } from './command';
export { maskValues, secretValuesOf } from './values';
export { maskSecretLooking } from './secret-text';
