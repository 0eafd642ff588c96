import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CarStatus,
  CarView,
  CarWorkloadView,
  CreateCarDto,
  CreateCarsDto,
  LogLine,
  Page,
  VehicleState,
} from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';
import type { CarFilter } from '../cars/car-filter';
import { API_BASE_URL } from './api-config';

export interface CarPageQuery extends CarFilter {
  page: number;
  pageSize: number;
}

export interface LogQuery {
  tail?: number;
  since?: string;
  workload?: string;
}

function params(values: object): HttpParams {
  let out = new HttpParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') out = out.set(key, String(value));
  }
  return out;
}

/** Typed client of the cars REST API. */
@Injectable({ providedIn: 'root' })
export class CarsApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE_URL)}/cars`;

  list(query: CarPageQuery): Observable<Page<CarView>> {
    return this.http.get<Page<CarView>>(this.base, { params: params(query) });
  }

  get(id: string): Observable<CarView> {
    return this.http.get<CarView>(`${this.base}/${encodeURIComponent(id)}`);
  }

  create(body: CreateCarDto): Observable<CarView> {
    return this.http.post<CarView>(this.base, body);
  }

  createBatch(body: CreateCarsDto): Observable<CarView[]> {
    return this.http.post<CarView[]>(`${this.base}/batch`, body);
  }

  setVehicleState(id: string, state: VehicleState): Observable<CarView> {
    return this.http.put<CarView>(`${this.base}/${encodeURIComponent(id)}/state`, { state });
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${this.base}/${encodeURIComponent(id)}`);
  }

  /** The car plus per-workload execution state and health. */
  status(id: string): Observable<CarStatus> {
    return this.http.get<CarStatus>(`${this.base}/${encodeURIComponent(id)}/status`);
  }

  workloads(id: string): Observable<CarWorkloadView[]> {
    return this.http.get<CarWorkloadView[]>(`${this.base}/${encodeURIComponent(id)}/workloads`);
  }

  logs(id: string, query: LogQuery): Observable<LogLine[]> {
    return this.http.get<LogLine[]>(`${this.base}/${encodeURIComponent(id)}/logs`, { params: params(query) });
  }
}
