import type { ReasonCount } from '@fleet/console/ui';
import type { RolloutCarView, RolloutStageView } from '@fleet/shared/contracts';

/**
 * Per stage index: why its waiting cars wait (`waiting: driving` -> `driving`), most common first. The cars are
 * the page the table shows, so a stage is left out unless that page holds every one of its waiting cars: reasons
 * counted over a part would mislead.
 */
export function waitingReasons(cars: readonly RolloutCarView[], stages: readonly RolloutStageView[]): Map<number, ReasonCount[]> {
  const byStage = new Map<number, Map<string, number>>();
  for (const car of cars) {
    if (car.bucket !== 'waiting') continue;
    const reason = car.reason.replace(/^waiting:\s*/, '') || 'waiting';
    const counts = byStage.get(car.stageIndex) ?? new Map<string, number>();
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
    byStage.set(car.stageIndex, counts);
  }
  const complete = [...byStage].filter(([stage, counts]) => {
    const seen = [...counts.values()].reduce((sum, n) => sum + n, 0);
    return stages.find((s) => s.index === stage)?.counts.waiting === seen;
  });
  return new Map(
    complete.map(([stage, counts]) => [
      stage,
      [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    ]),
  );
}
