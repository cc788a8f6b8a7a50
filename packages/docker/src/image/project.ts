/** What the plugin needs to know of the project it builds. */
export interface ProjectFacts {
  name: string;
  /** Relative to the workspace root, POSIX separators. */
  root: string;
  workspaceRoot: string;
  /** `version` of the project's package.json, for `{version}` tags. */
  version?: string;
  /** nx.json's defaultBase: the default branch when CI does not say (the latest: auto rule). */
  defaultBase?: string;
}
