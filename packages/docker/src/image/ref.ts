/**
 * Docker's image reference grammar, enough to reject what would fail later inside
 * BuildKit with a cryptic "invalid reference format".
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*|\\[[0-9a-fA-F:]+\\])(?::\\d+)?';
const NAME = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;

/** Why `name` is not a valid image name (repository), or undefined if it is. */
export function imageNameProblem(name: string): string | undefined {
  if (!name) return 'must not be empty';
  if (!NAME.test(name)) {
    return `"${name}" is not a valid image name: use lowercase letters, digits and . _ - separators, e.g. registry.example.com/team/api`;
  }
  return undefined;
}

/** Why `tag` is not a valid tag, or undefined if it is. */
export function tagProblem(tag: string): string | undefined {
  return TAG.test(tag)
    ? undefined
    : `"${tag}" is not a valid tag: up to 128 letters, digits, _ . -, not starting with . or -`;
}

/** A tag made safe from arbitrary text (a branch like `feat/x` becomes `feat-x`). */
export function sanitizeTag(text: string): string {
  return (
    text
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 128) || 'none'
  );
}

/** Splits `reg:5000/app:1` into name and tag (a port is not a tag). */
export function splitRef(ref: string): { name: string; tag?: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { name: ref };
}
