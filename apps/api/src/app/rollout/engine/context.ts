import { resolveStagePolicy } from '@fleet/shared/contracts';
import type { RolloutDefinition, StagePolicy } from '@fleet/shared/contracts';
import type { Changes } from './changes';
import type { FleetView, VersionInfo } from './ports';
import type { RolloutState } from './records';

/** What every step of one rollout sees. */
export interface StepContext {
  now: Date;
  changes: Changes;
  fleet: FleetView;
  /** The rollout's version as the update store has it; null when unknown. */
  version: VersionInfo | null;
  /** The other active rollout a car is part of, if any. */
  busyIn(carId: string): string | undefined;
}

/** Resolved once per definition and stage: a pass asks for it for each of thousands of cars. Never changed. */
const policies = new WeakMap<RolloutDefinition, Readonly<StagePolicy>[]>();

export function policyOf(
  state: RolloutState,
  index: number,
): Readonly<StagePolicy> {
  const def = state.rollout.definition;
  let resolved = policies.get(def);
  if (!resolved) {
    resolved = [];
    policies.set(def, resolved);
  }
  return (resolved[index] ??= Object.freeze(
    resolveStagePolicy(def.policy, def.stages[index]?.policy),
  ));
}

export function msSince(iso: string | null, now: Date): number {
  return iso === null ? 0 : now.getTime() - Date.parse(iso);
}

export function isoAfter(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

export function isDue(iso: string | null, now: Date): boolean {
  return iso === null || Date.parse(iso) <= now.getTime();
}
