import hostedGitInfo from 'hosted-git-info';

/**
 * The public web URL of a git remote, for `org.opencontainers.image.source`: never its
 * credentials. `https://gitlab-ci-token:TOKEN@host/acme/app.git` (GitLab CI's origin),
 * `git@github.com:acme/app.git` and `ssh://git@host:2222/acme/app.git` all become
 * `https://<host>/acme/app`, as docker/metadata-action labels images. Known hosts go
 * through hosted-git-info (npm's own parser); other hosts (self-hosted GitLab, Gitea) are
 * rebuilt from their parts. Anything that is not a network remote (a local path, file://,
 * something unparsable) gives undefined: a label is better missing than leaking.
 */
export function publicSourceUrl(remote: string | undefined): string | undefined {
  const parts = remoteParts(remote?.trim() ?? '');
  if (!parts) return undefined;
  const known = hostedGitInfo.fromUrl(`https://${parts.host}/${parts.path}`, {
    noGitPlus: true,
  });
  const url = known?.browse() ?? `${parts.web}/${parts.path.replace(/\.git$/, '')}`;
  return isClean(url) ? url : undefined;
}

interface RemoteParts {
  /** `https://host[:port]` of the web UI, no userinfo. */
  web: string;
  host: string;
  /** Repository path without leading or trailing slashes, query or fragment. */
  path: string;
}

function remoteParts(remote: string): RemoteParts | undefined {
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]{2,}):(?!\/\/)\/?([^\s?#]+)$/.exec(remote);
  if (scp && !remote.includes('://'))
    return parts('https:', scp[1] as string, '', scp[2] as string);
  let url: URL;
  try {
    url = new URL(remote.replace(/^git\+/, ''));
  } catch {
    return undefined;
  }
  if (!url.hostname) return undefined;
  const path = url.pathname;
  if (url.protocol === 'http:' || url.protocol === 'https:')
    return parts(url.protocol, url.hostname, url.port, path);
  // ssh:// and git:// ports are not the web UI's port.
  if (url.protocol === 'ssh:' || url.protocol === 'git:')
    return parts('https:', url.hostname, '', path);
  return undefined;
}

function parts(
  protocol: string,
  host: string,
  port: string,
  path: string,
): RemoteParts | undefined {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (!clean) return undefined;
  return { web: `${protocol}//${host}${port ? `:${port}` : ''}`, host, path: clean };
}

/** A last guard: an http(s) URL with no userinfo, query or fragment. */
function isClean(url: string): boolean {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    return false;
  }
}
