import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CarBucket,
  CreateRolloutDto,
  EmergencyStopMode,
  EmergencyStopResult,
  Page,
  RolloutCarView,
  RolloutPreview,
  RolloutStatus,
  RolloutView,
  StagedRolloutDto,
} from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE_URL } from '../api/api-config';

/** The commands of one rollout (`POST /api/rollouts/:id/<command>`); `start` takes an optional time. */
export type RolloutCommand = 'pause' | 'resume' | 'next-stage' | 'cancel' | 'rollback' | 'approve';

/** `GET /api/rollouts` (the API's `ListRolloutsQueryDto`). */
export interface RolloutListQuery {
  status?: RolloutStatus;
  version?: string;
  page?: number;
  pageSize?: number;
}

/** `GET /api/rollouts/:id/cars` (the API's `ListRolloutCarsQueryDto`). */
export interface RolloutCarsQuery {
  stage?: number;
  bucket?: CarBucket;
  /** Car-id substring, case-insensitive. */
  q?: string;
  page?: number;
  pageSize?: number;
}

function paramsOf(query: object): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null) params = params.set(key, String(value));
  return params;
}

/** Staged rollouts: `/api/rollouts` and the seed's `POST /api/cars/staged-rollout`. */
@Injectable({ providedIn: 'root' })
export class RolloutsApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** One page, newest first; `total` counts every rollout of the filter. */
  list(query: RolloutListQuery = {}): Observable<Page<RolloutView>> {
    return this.http.get<Page<RolloutView>>(`${this.base}/rollouts`, { params: paramsOf(query) });
  }

  get(id: string): Observable<RolloutView> {
    return this.http.get<RolloutView>(this.url(id));
  }

  /** One page of the rollout's cars (by stage, then car id), optionally of one stage (index), bucket and car-id text. */
  cars(id: string, query: RolloutCarsQuery = {}): Observable<Page<RolloutCarView>> {
    return this.http.get<Page<RolloutCarView>>(`${this.url(id)}/cars`, { params: paramsOf(query) });
  }

  /** Dry run against the fleet as it is now; 400 names what is wrong with the definition. */
  preview(body: CreateRolloutDto): Observable<RolloutPreview> {
    return this.http.post<RolloutPreview>(`${this.base}/rollouts/preview`, body);
  }

  /** A draft, or started (`start`) or scheduled (`startAt`), subject to approval. */
  create(body: CreateRolloutDto): Observable<RolloutView> {
    return this.http.post<RolloutView>(`${this.base}/rollouts`, body);
  }

  /** Region by region, started at once. */
  createStaged(body: StagedRolloutDto): Observable<RolloutView> {
    return this.http.post<RolloutView>(`${this.base}/cars/staged-rollout`, body);
  }

  /** A draft now, or at `at` (ISO-8601). */
  start(id: string, at?: string): Observable<RolloutView> {
    return this.http.post<RolloutView>(`${this.url(id)}/start`, at ? { at } : {});
  }

  command(id: string, command: RolloutCommand): Observable<RolloutView> {
    return this.http.post<RolloutView>(`${this.url(id)}/${command}`, {});
  }

  /** Every live rollout: `freeze`, or `freeze-and-revert` (admins). */
  emergencyStop(mode: EmergencyStopMode): Observable<EmergencyStopResult> {
    return this.http.post<EmergencyStopResult>(`${this.base}/rollouts/emergency-stop`, { mode });
  }

  private url(id: string): string {
    return `${this.base}/rollouts/${encodeURIComponent(id)}`;
  }
}
