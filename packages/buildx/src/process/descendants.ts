import { readdirSync, readFileSync } from 'node:fs';

/**
 * The processes below `pid` now, each with its start time so a later kill can tell it
 * is still the same process. Read from /proc (Linux); elsewhere none are found.
 *
 * Why: docker runs buildx as a child of its own. When the engine stops answering, the
 * docker CLI does not hand a SIGTERM on and buildx outlives it, holding our pipes open.
 */
export function descendantsOf(pid: number): ProcessStamp[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, ProcessStamp[]>();
  for (const e of entries) {
    const stat = statOf(Number(e));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push({ pid: Number(e), started: stat.started });
    children.set(stat.ppid, list);
  }
  const found: ProcessStamp[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return found;
}

export interface ProcessStamp {
  pid: number;
  started: string;
}

/** SIGKILL for each process that is still the one stamped (its start time unchanged). */
export function killStamped(processes: readonly ProcessStamp[]): void {
  for (const p of processes) {
    if (statOf(p.pid)?.started !== p.started) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

function statOf(pid: number): { ppid: number; started: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), started: rest[19] as string };
  } catch {
    return undefined;
  }
}
