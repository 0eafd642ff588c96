import type { VehiclePort } from './ports';

/** Watches the vehicle during an install: leaving `parked` interrupts it. */
export class Interruption {
  private interrupted = false;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(vehicle: VehiclePort) {
    this.unsubscribe = vehicle.onChange((state) => {
      if (state === 'parked' || this.interrupted) return;
      this.interrupted = true;
      for (const listener of [...this.listeners]) listener();
    });
  }

  get happened(): boolean {
    return this.interrupted;
  }

  /** Calls back once when the vehicle starts driving; returns the unsubscribe function. */
  onInterrupt(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
