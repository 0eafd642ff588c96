import { Injectable, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RealtimeClient } from '../realtime/realtime-client';

/** Regions offered before the fleet reports any. */
export const DEFAULT_REGIONS: readonly string[] = ['munich', 'berlin'];

/** The latest `fleet.summary` from the realtime gateway; null until the first one arrives. */
@Injectable({ providedIn: 'root' })
export class FleetSummaryStore {
  private readonly realtime = inject(RealtimeClient);

  readonly summary = toSignal(this.realtime.on('fleet.summary'), { initialValue: null });
  readonly connection = this.realtime.status;
  readonly regions = computed(() => {
    const known = new Set([...DEFAULT_REGIONS, ...Object.keys(this.summary()?.byRegion ?? {})]);
    return [...known].sort();
  });
}
