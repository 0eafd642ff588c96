import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  BulkUpdateDto,
  BulkUpdateResponse,
  FleetVersion,
  Page,
  RollbackDto,
  UpdateHistoryEntry,
} from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE_URL } from '../api/api-config';

/** Fleet versions, updates, rollbacks and per-car history (every update goes through Symphony in the API). */
@Injectable({ providedIn: 'root' })
export class UpdatesApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  versions(): Observable<FleetVersion[]> {
    return this.http.get<FleetVersion[]>(`${this.base}/versions`);
  }

  /** 202 with the new history entry; 404, 409 (driving, in flight, offline), 422 (incompatible model). */
  updateCar(carId: string, version: string): Observable<UpdateHistoryEntry> {
    return this.http.post<UpdateHistoryEntry>(`${this.base}/cars/${encodeURIComponent(carId)}/update`, { version });
  }

  bulkUpdate(body: BulkUpdateDto): Observable<BulkUpdateResponse> {
    return this.http.post<BulkUpdateResponse>(`${this.base}/cars/bulk-update`, body);
  }

  rollback(body: RollbackDto): Observable<BulkUpdateResponse> {
    return this.http.post<BulkUpdateResponse>(`${this.base}/cars/rollback`, body);
  }

  /** Newest first. */
  history(carId: string, page = 1, pageSize = 50): Observable<Page<UpdateHistoryEntry>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<UpdateHistoryEntry>>(`${this.base}/cars/${encodeURIComponent(carId)}/history`, { params });
  }
}
