import { Injectable } from '@nestjs/common';

/** Which Instances have a reconcile running in this process right now. */
@Injectable()
export class ReconcileTracker {
  private readonly running = new Set<string>();

  isRunning(instance: string): boolean {
    return this.running.has(instance);
  }

  /** False when one already runs for this instance. */
  begin(instance: string): boolean {
    if (this.running.has(instance)) return false;
    this.running.add(instance);
    return true;
  }

  end(instance: string): void {
    this.running.delete(instance);
  }

  get count(): number {
    return this.running.size;
  }
}
