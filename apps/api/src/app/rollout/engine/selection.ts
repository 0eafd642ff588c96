import { stageKindOf } from '@fleet/shared/contracts';
import type { CarSelector, RolloutDefinition } from '@fleet/shared/contracts';
import { incompatibility } from './eligibility';
import type { FleetCar, VersionInfo } from './ports';

export function matchesSelector(
  car: FleetCar,
  selector: CarSelector | undefined,
): boolean {
  if (!selector) return true;
  return (
    (selector.region === undefined || car.region === selector.region) &&
    (selector.model === undefined || car.model === selector.model) &&
    (selector.version === undefined || car.version === selector.version)
  );
}

export interface StagePick {
  /** In a stable order (by car id). */
  carIds: string[];
}

/**
 * The cars a stage takes from the fleet as it is now, leaving out cars `taken` (already in the rollout).
 * Percent and batch stages take from the compatible remainder, so that a canary batch is not spent on skips.
 */
export function pickStageCars(
  definition: RolloutDefinition,
  index: number,
  fleet: readonly FleetCar[],
  taken: ReadonlySet<string>,
  version: VersionInfo | null,
): StagePick {
  const stage = definition.stages[index];
  const pool = fleet
    .filter((c) => !taken.has(c.id) && matchesSelector(c, definition.selector))
    .sort((a, b) => a.id.localeCompare(b.id));
  switch (stageKindOf(stage)) {
    case 'cars':
      return { carIds: (stage.carIds ?? []).filter((id) => !taken.has(id)) };
    case 'selector':
      return {
        carIds: pool
          .filter((c) => matchesSelector(c, stage.selector))
          .map((c) => c.id),
      };
    default: {
      const compatible = pool.filter(
        (c) => incompatibility(c, definition, version) === null,
      );
      const count =
        stage.percent !== undefined
          ? Math.ceil((compatible.length * stage.percent) / 100)
          : (stage.batchSize ?? 0);
      return { carIds: compatible.slice(0, count).map((c) => c.id) };
    }
  }
}
