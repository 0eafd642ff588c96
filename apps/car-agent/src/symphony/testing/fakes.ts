import type { VehicleState } from '@fleet/shared/contracts';
import type { LogPort, TimerPort, VehiclePort } from '../ports';

/** Timers that fire only when the test advances time. */
export class ManualClock implements TimerPort {
  private now = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }
}

export class FakeVehicle implements VehiclePort {
  private listeners = new Set<(state: VehicleState) => void>();

  constructor(private current: VehicleState = 'parked') {}

  state(): VehicleState {
    return this.current;
  }

  onChange(listener: (state: VehicleState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(state: VehicleState): void {
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}

export function silentLog(): LogPort & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
