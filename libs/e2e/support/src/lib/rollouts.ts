import type {
  Page,
  RolloutView,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import { ApiProcess } from './api-process';
import { waitFor } from './wait';

/** `GET /api/rollouts/:id`; anything but 200 is an error naming the status. */
export async function getRollout(
  api: ApiProcess,
  id: string,
): Promise<RolloutView> {
  const res = await api.request<RolloutView>('GET', `/api/rollouts/${id}`);
  if (res.status !== 200)
    throw new Error(`GET /api/rollouts/${id} answered ${res.status}`);
  return res.body;
}

/** Polls the rollout until `check` holds. */
export function waitForRollout(
  api: ApiProcess,
  id: string,
  check: (rollout: RolloutView) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<RolloutView> {
  return waitFor(
    `rollout ${id} ${what}`,
    async () => {
      const rollout = await getRollout(api, id);
      return check(rollout) ? rollout : undefined;
    },
    timeoutMs,
    250,
  );
}

/** The car's update history, newest first (its first 100 entries). */
export async function carHistory(
  api: ApiProcess,
  carId: string,
): Promise<UpdateHistoryEntry[]> {
  const res = await api.request<Page<UpdateHistoryEntry>>(
    'GET',
    `/api/cars/${carId}/history?pageSize=100`,
  );
  if (res.status !== 200)
    throw new Error(`GET /api/cars/${carId}/history answered ${res.status}`);
  return res.body.items;
}
