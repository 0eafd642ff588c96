import type { CarView, Page } from '@fleet/shared/contracts';
import { ApiProcess } from './api-process';
import { waitFor } from './wait';

export async function getCar(api: ApiProcess, id: string): Promise<CarView | undefined> {
  const res = await api.request<CarView>('GET', `/api/cars/${id}`);
  return res.status === 200 ? res.body : undefined;
}

/** Waits until the car's agent is online and all its workloads run. */
export function waitOnline(api: ApiProcess, id: string, timeoutMs = 30_000): Promise<CarView> {
  return waitFor(
    `car ${id} online with running workloads`,
    async () => {
      const car = await getCar(api, id);
      return car && car.connection === 'online' && car.workloads.total > 0 && car.workloads.running === car.workloads.total
        ? car
        : undefined;
    },
    timeoutMs,
  );
}

export async function listCars(api: ApiProcess, query = ''): Promise<Page<CarView>> {
  const res = await api.request<Page<CarView>>('GET', `/api/cars${query}`);
  if (res.status !== 200) throw new Error(`GET /api/cars${query} answered ${res.status}`);
  return res.body;
}
