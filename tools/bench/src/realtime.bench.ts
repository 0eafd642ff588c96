import { performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';
import { REALTIME_PATH } from '@fleet/shared/contracts';
import type { CarView, Page, ServerToClientListeners, VehicleState } from '@fleet/shared/contracts';
import { sleep } from '@fleet/e2e/support';
import type { Fleet } from './fleet';
import type { FigureResult } from './report';
import { round, summarize } from './stats';

export interface RealtimeOptions {
  changesPerSec: number;
  durationMs: number;
}

interface Pending {
  state: VehicleState;
  sentAt: number;
}

/**
 * PUT /api/cars/:id/state on distinct cars at a steady rate while every car keeps reporting. The figure is the
 * issue's "car state change → WebSocket client": from the moment the car changed state (its `vehicleStateSince`,
 * by the car's clock, the same machine's) to the aggregated `cars.changed` that shows it on a socket.io client.
 * The round trip from the PUT being sent (API → car → API → client) is reported beside it.
 */
export async function realtimeBench(fleet: Fleet, options: RealtimeOptions): Promise<FigureResult> {
  const { api } = fleet;
  const page = await api.request<Page<CarView>>('GET', '/api/cars?pageSize=500');
  const ids = page.body.items.map((c) => c.id);
  const socket: Socket<ServerToClientListeners> = io(api.baseUrl, { path: REALTIME_PATH, transports: ['websocket'], auth: { token: api.token }, reconnection: false });
  const pending = new Map<string, Pending>();
  const latencies: number[] = [];
  const roundTrips: number[] = [];
  let events = 0;
  let carsInEvents = 0;
  socket.on('cars.changed', ({ cars }) => {
    const now = performance.now();
    const wallNow = Date.now();
    events++;
    carsInEvents += cars.length;
    for (const car of cars) {
      const p = pending.get(car.id);
      if (p && car.vehicleState === p.state) {
        roundTrips.push(now - p.sentAt);
        if (car.vehicleStateSince) latencies.push(wallNow - Date.parse(car.vehicleStateSince));
        pending.delete(car.id);
      }
    }
  });
  let errors = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      setTimeout(() => reject(new Error('socket connect timeout')), 10_000);
    });
    const intervalMs = 1000 / options.changesPerSec;
    const deadline = Date.now() + options.durationMs;
    const inflight: Promise<void>[] = [];
    for (let i = 0; Date.now() < deadline; i++) {
      const id = ids[i % ids.length];
      if (pending.has(id)) continue;
      const state: VehicleState = Math.floor(i / ids.length) % 2 === 0 ? 'driving' : 'parked';
      pending.set(id, { state, sentAt: performance.now() });
      inflight.push(api.request('PUT', `/api/cars/${id}/state`, { state }).then((r) => { if (r.status !== 200) errors++; }, () => { errors++; }));
      await sleep(intervalMs);
    }
    await Promise.all(inflight);
    const until = Date.now() + 5_000;
    while (pending.size > 0 && Date.now() < until) await sleep(50);
  } finally {
    socket.close();
    await parkAll(fleet, ids);
  }
  const s = summarize(latencies);
  const trip = summarize(roundTrips);
  if (errors > 0) throw new Error(`realtime: ${errors} state changes failed`);
  return {
    figure: 'realtime',
    cars: fleet.cars,
    values: { changes: trip.count, missed: pending.size, p50Ms: s.p50, p95Ms: s.p95, p99Ms: s.p99, maxMs: s.max, roundTripP50Ms: trip.p50, roundTripP95Ms: trip.p95, roundTripP99Ms: trip.p99, carsChangedEvents: events, carsPerEvent: round(carsInEvents / Math.max(1, events), 1) },
    targets: { 'p99 <= 100 ms at 10,000 cars': fleet.cars >= 10_000 ? s.p99 <= 100 : null },
  };
}

/** Later figures (update) refuse driving cars, so every car this bench touched is parked again. */
async function parkAll(fleet: Fleet, ids: string[]): Promise<void> {
  const driving = await fleet.api.request<Page<CarView>>('GET', '/api/cars?pageSize=500&status=ok');
  const touched = new Set(ids);
  await Promise.all(
    driving.body.items.filter((c) => touched.has(c.id)).map((c) => fleet.api.request('PUT', `/api/cars/${c.id}/state`, { state: 'parked' }).catch(() => undefined)),
  );
}
