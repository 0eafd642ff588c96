import type { UpdateHistoryEntry } from '@fleet/shared/contracts';
import { applyAnswer } from '../symphony/coa-car';
import { updatesHarness } from './updates-harness';

/** Shared steps of the update resumer's specs: one car, `c1`, updated from 1.2.3 to 1.2.4. */
export type UpdatesHarness = ReturnType<typeof updatesHarness>;

/** An API process with car c1 online and parked at 1.2.3; its cars report what they install. */
export async function withParkedCar(): Promise<UpdatesHarness> {
  const h = updatesHarness();
  await h.seed();
  h.carsReportInstalledVersions();
  await h.addCar('c1');
  return h;
}

/** Another API process over the same tables, not bootstrapped (its cars not yet connected). */
export function overSameTables(h: UpdatesHarness): UpdatesHarness {
  const other = updatesHarness();
  for (const [key, row] of h.objects.rows) other.objects.rows.set(key, row);
  for (const [key, row] of h.history.rows) other.history.rows.set(key, row);
  other.carsReportInstalledVersions();
  return other;
}

/** Another API process over the same tables, started `laterMs` after `h`'s time, bootstrapped (no car connected). */
export async function restartedLater(
  h: UpdatesHarness,
  laterMs = 0,
): Promise<UpdatesHarness> {
  const restarted = overSameTables(h);
  restarted.clock.advance(laterMs);
  await restarted.resumer.onApplicationBootstrap();
  return restarted;
}

/** Car c1 comes online and parked `laterMs` from now. */
export async function carBackAfter(
  h: UpdatesHarness,
  laterMs: number,
): Promise<void> {
  h.clock.advance(laterMs);
  await h.addCar('c1');
}

/** `actor` asks for 1.2.4 on car c1. */
export function requestUpdate(
  h: UpdatesHarness,
  actor: string,
): Promise<UpdateHistoryEntry> {
  return h.updates.request({
    carId: 'c1',
    version: '1.2.4',
    kind: 'update',
    actor,
  });
}

/** From now on the cars answer every deployment with `state` and `message`, and every read with no components. */
export function carsAnswer(
  h: UpdatesHarness,
  state: number,
  message: string,
): void {
  h.publisher.behaviour = (r) =>
    r.envelope.method === 'GET'
      ? { state: 200, body: [] }
      : applyAnswer(r, state, state, message);
}

/** The deployments the process sent to its cars. */
export function posts(h: UpdatesHarness) {
  return h.publisher.requests.filter((r) => r.envelope.method === 'POST');
}
