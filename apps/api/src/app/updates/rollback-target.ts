import type { UpdateHistoryEntity } from './update-history.entity';

/**
 * The version a rollback returns to: the one the car ran before the update that brought its current
 * version (the latest succeeded `update` entry to that version). Rollback entries are not followed,
 * so rolling back twice does not toggle between two versions. Null when the history has none.
 */
export function previousVersion(
  recentNewestFirst: readonly UpdateHistoryEntity[],
  current: string | null,
): string | null {
  const update = recentNewestFirst.find(
    (e) =>
      e.kind === 'update' &&
      e.result === 'succeeded' &&
      (current === null || e.toVersion === current) &&
      e.fromVersion !== null &&
      e.fromVersion !== e.toVersion,
  );
  return update?.fromVersion ?? null;
}
