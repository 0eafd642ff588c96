import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Ends a child the bench started: SIGTERM, and SIGKILL if it is still there after `graceMs`; resolves once it exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
