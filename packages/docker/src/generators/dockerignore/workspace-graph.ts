import type { ProjectGraph, TargetConfiguration, Tree } from '@nx/devkit';
import { createProjectGraphAsync, getProjects, workspaceRoot } from '@nx/devkit';
import { resolve } from 'node:path';

/** What the dockerignore generator needs of the project graph. */
export interface WorkspaceGraph {
  projects: Record<string, { root: string; targets: Record<string, TargetConfiguration> }>;
  /** Project → the workspace projects it depends on directly. */
  dependencies: Record<string, string[]>;
}

/**
 * Nx's project graph (every dependency Nx sees: imports, package.json, implicit, plugins
 * such as this one's FROM edges) when the tree is the workspace on disk; otherwise (a
 * virtual tree) the graph the tree's files declare: implicitDependencies and package.json
 * dependencies on workspace packages.
 */
export async function workspaceGraph(tree: Tree): Promise<WorkspaceGraph> {
  if (resolve(tree.root) === resolve(workspaceRoot))
    return fromProjectGraph(await createProjectGraphAsync({ exitOnError: false }));
  return fromTree(tree);
}

export function fromProjectGraph(graph: ProjectGraph): WorkspaceGraph {
  const projects: WorkspaceGraph['projects'] = {};
  for (const [name, node] of Object.entries(graph.nodes))
    projects[name] = { root: node.data.root, targets: node.data.targets ?? {} };
  const dependencies: WorkspaceGraph['dependencies'] = {};
  for (const [name, deps] of Object.entries(graph.dependencies))
    dependencies[name] = deps.map((d) => d.target).filter((t) => t in projects);
  return { projects, dependencies };
}

function fromTree(tree: Tree): WorkspaceGraph {
  const all = getProjects(tree);
  const manifest = (root: string): Record<string, Record<string, string> | string> => {
    const path = `${root === '.' ? '' : `${root}/`}package.json`;
    try {
      return tree.exists(path) ? JSON.parse(tree.read(path, 'utf8') ?? '{}') : {};
    } catch {
      return {};
    }
  };
  const manifests = new Map([...all].map(([name, p]) => [name, manifest(p.root)]));
  const byPackage = new Map<string, string>();
  for (const [name, pkg] of manifests)
    if (typeof pkg.name === 'string') byPackage.set(pkg.name, name);
  const projects: WorkspaceGraph['projects'] = {};
  const dependencies: WorkspaceGraph['dependencies'] = {};
  for (const [name, p] of all) {
    projects[name] = { root: p.root, targets: p.targets ?? {} };
    const pkg = manifests.get(name)!;
    const declared = ['dependencies', 'devDependencies', 'peerDependencies'].flatMap((k) =>
      Object.keys((pkg[k] as Record<string, string> | undefined) ?? {}),
    );
    const deps = [
      ...(p.implicitDependencies ?? []).filter((d) => !d.startsWith('!')),
      ...declared.flatMap((d) => byPackage.get(d) ?? []),
    ].filter((d) => d !== name && all.has(d));
    dependencies[name] = [...new Set(deps)];
  }
  return { projects, dependencies };
}

/** Every project `name` depends on, directly or not, without itself. */
export function dependencyClosure(graph: WorkspaceGraph, name: string): string[] {
  const seen = new Set<string>([name]);
  const queue = [name];
  while (queue.length) {
    for (const dep of graph.dependencies[queue.shift()!] ?? [])
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
  }
  seen.delete(name);
  return [...seen].sort();
}
