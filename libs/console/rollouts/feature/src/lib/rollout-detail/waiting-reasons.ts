import type { ReasonCount } from '@fleet/console/ui';
import type { RolloutCarView } from '@fleet/shared/contracts';

/** Per stage index: why its waiting cars wait (`waiting: driving` -> `driving`), most common first. */
export function waitingReasons(cars: readonly RolloutCarView[]): Map<number, ReasonCount[]> {
  const byStage = new Map<number, Map<string, number>>();
  for (const car of cars) {
    if (car.bucket !== 'waiting') continue;
    const reason = car.reason.replace(/^waiting:\s*/, '') || 'waiting';
    const counts = byStage.get(car.stageIndex) ?? new Map<string, number>();
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    byStage.set(car.stageIndex, counts);
  }
  return new Map(
    [...byStage].map(([stage, counts]) => [
      stage,
      [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    ]),
  );
}
