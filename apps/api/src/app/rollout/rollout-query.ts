import { pageWindow } from '@fleet/shared/contracts';
import type {
  ListRolloutCarsQueryDto,
  ListRolloutsQueryDto,
  Page,
  RolloutCarView,
  RolloutView,
} from '@fleet/shared/contracts';
import { RolloutError } from './engine/errors';
import type { RolloutState } from './engine/records';
import { toCarView, toRolloutView } from './engine/views';

interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** The `Page` shape of `GET /api/cars`: `total` counts every match, a page past the end is empty. */
export function pageOf<T>(matches: readonly T[], query: PageQuery): Page<T> {
  const { page, pageSize, start, end } = pageWindow(query);
  return {
    items: matches.slice(start, end),
    total: matches.length,
    page,
    pageSize,
  };
}

/** `states` newest first, as the engine lists them; only the page's rollouts are turned into views. */
export function queryRollouts(
  states: readonly RolloutState[],
  query: ListRolloutsQueryDto,
): Page<RolloutView> {
  const matches = states.filter(
    ({ rollout }) =>
      (query.status === undefined || rollout.status === query.status) &&
      (query.version === undefined || rollout.version === query.version),
  );
  const page = pageOf(matches, query);
  return { ...page, items: page.items.map(toRolloutView) };
}

/** The rollout's cars by stage then car id, `q` a car-id substring; a `stage` past the last one is a 400 naming the field. */
export function queryRolloutCars(
  state: RolloutState,
  query: ListRolloutCarsQueryDto,
): Page<RolloutCarView> {
  if (query.stage !== undefined && query.stage >= state.stages.length)
    throw new RolloutError(
      'invalid',
      `stage must be between 0 and ${state.stages.length - 1} (the rollout has ${state.stages.length} stage(s))`,
    );
  const text = query.q?.trim().toLowerCase() ?? '';
  const matches = [...state.cars.values()]
    .filter(
      (car) =>
        (query.stage === undefined || car.stageIndex === query.stage) &&
        (query.bucket === undefined || car.bucket === query.bucket) &&
        (text === '' || car.carId.toLowerCase().includes(text)),
    )
    .sort(
      (a, b) => a.stageIndex - b.stageIndex || a.carId.localeCompare(b.carId),
    );
  const page = pageOf(matches, query);
  return { ...page, items: page.items.map((car) => toCarView(state, car)) };
}
