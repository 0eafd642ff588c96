import { Injectable } from '@nestjs/common';

/** Stands for every target of an instance (a reconcile of the whole instance). */
export const ALL_TARGETS = '*';

/**
 * Which Instances (and which of their Targets) have a reconcile running in this process right now. One
 * instance may run on several targets at once (one car each), but never twice on the same target, and a
 * reconcile of the whole instance excludes every other one of it.
 */
@Injectable()
export class ReconcileTracker {
  private readonly running = new Map<string, Set<string>>();

  isRunning(instance: string, target?: string): boolean {
    const targets = this.running.get(instance);
    if (!targets) return false;
    return (
      target === undefined || targets.has(ALL_TARGETS) || targets.has(target)
    );
  }

  /** Any instance deploying to this target. */
  isTargetBusy(target: string): boolean {
    for (const targets of this.running.values())
      if (targets.has(target)) return true;
    return false;
  }

  /** False when one already runs for this instance on this target (or on all of them). */
  begin(instance: string, target: string = ALL_TARGETS): boolean {
    const targets = this.running.get(instance);
    if (targets && (target === ALL_TARGETS || this.isRunning(instance, target)))
      return false;
    this.running.set(instance, new Set([...(targets ?? []), target]));
    return true;
  }

  /** Records the targets a whole-instance reconcile found, so that isTargetBusy sees them. */
  mark(instance: string, targets: readonly string[]): void {
    const current = this.running.get(instance);
    if (current) for (const t of targets) current.add(t);
  }

  end(instance: string, target: string = ALL_TARGETS): void {
    const targets = this.running.get(instance);
    if (!targets) return;
    if (target === ALL_TARGETS) {
      this.running.delete(instance);
      return;
    }
    targets.delete(target);
    if (targets.size === 0) this.running.delete(instance);
  }

  get count(): number {
    return this.running.size;
  }
}
