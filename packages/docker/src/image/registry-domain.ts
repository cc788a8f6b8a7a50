/**
 * Whether an image name starts with a registry host, as docker reads it: the first
 * component has a `.` or a `:` or is `localhost`. Without one, docker pushes to Docker Hub.
 */
export function hasRegistryDomain(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}
