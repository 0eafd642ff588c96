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
  /** How many running reconciles hold each target: isTargetBusy is asked for every car of a bulk update. */
  private readonly holders = new Map<string, number>();

  isRunning(instance: string, target?: string): boolean {
    const targets = this.running.get(instance);
    if (!targets) return false;
    return (
      target === undefined || targets.has(ALL_TARGETS) || targets.has(target)
    );
  }

  /** Any instance deploying to this target. */
  isTargetBusy(target: string): boolean {
    return this.holders.has(target);
  }

  /** False when one already runs for this instance on this target (or on all of them). */
  begin(instance: string, target: string = ALL_TARGETS): boolean {
    const targets = this.running.get(instance);
    if (targets && (target === ALL_TARGETS || this.isRunning(instance, target)))
      return false;
    this.running.set(instance, new Set([...(targets ?? []), target]));
    this.hold(target);
    return true;
  }

  /** Records the targets a whole-instance reconcile found, so that isTargetBusy sees them. */
  mark(instance: string, targets: readonly string[]): void {
    const current = this.running.get(instance);
    if (!current) return;
    for (const t of targets)
      if (!current.has(t)) {
        current.add(t);
        this.hold(t);
      }
  }

  end(instance: string, target: string = ALL_TARGETS): void {
    const targets = this.running.get(instance);
    if (!targets) return;
    if (target === ALL_TARGETS) {
      this.running.delete(instance);
      targets.forEach((t) => this.release(t));
      return;
    }
    if (targets.delete(target)) this.release(target);
    if (targets.size === 0) this.running.delete(instance);
  }

  private hold(target: string): void {
    if (target !== ALL_TARGETS)
      this.holders.set(target, (this.holders.get(target) ?? 0) + 1);
  }

  private release(target: string): void {
    const count = this.holders.get(target);
    if (count === undefined) return;
    if (count <= 1) this.holders.delete(target);
    else this.holders.set(target, count - 1);
  }

  get count(): number {
    return this.running.size;
  }
}
