import { Injectable, computed, inject } from '@angular/core';
import type { FleetVersion } from '@fleet/shared/contracts';
import { ListState } from '../api/list-state';
import { UpdatesApi } from './updates-api';

/** The fleet's versions (newest first, as the API lists them); loaded on first use, reloaded on demand. */
@Injectable({ providedIn: 'root' })
export class VersionsStore {
  private readonly api = inject(UpdatesApi);
  private readonly list = new ListState<FleetVersion>();
  private loaded = false;

  readonly versions = this.list.items;
  readonly loading = this.list.loading;
  readonly error = this.list.error;
  readonly byVersion = computed(() => new Map(this.versions().map((v) => [v.version, v])));

  /** Loads once; later calls are free. */
  ensureLoaded(): void {
    if (this.loaded) return;
    this.reload();
  }

  reload(): void {
    this.loaded = true;
    this.list.load(this.api.versions()).subscribe({ complete: () => (this.loaded = this.list.error() === null) });
  }
}
