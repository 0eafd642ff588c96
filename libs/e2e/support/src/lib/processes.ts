import { readdirSync, readFileSync } from 'node:fs';

export interface AgentProcess {
  pid: number;
  name: string;
}

/** Car-agent processes whose run folder lies under `dataDir`, read from /proc (so a leak cannot hide). */
export function agentProcesses(dataDir: string): AgentProcess[] {
  const found: AgentProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // the process ended while we looked
    }
    if (!args.some((a) => a.endsWith('car-agent/main.js'))) continue;
    const runFolder = args[args.indexOf('--run-folder') + 1] ?? '';
    if (!runFolder.startsWith(dataDir)) continue;
    if (isZombie(entry)) continue;
    found.push({ pid: Number(entry), name: args[args.indexOf('--name') + 1] ?? '' });
  }
  return found;
}

/** SIGKILLs every car-agent process still running under `dataDir` (one that ended meanwhile is skipped). */
export function killLeftoverAgents(dataDir: string): void {
  for (const leftover of agentProcesses(dataDir)) {
    try {
      process.kill(leftover.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function isZombie(pid: string): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(String(pid));
  } catch {
    return false;
  }
}
