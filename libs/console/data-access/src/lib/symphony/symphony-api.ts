import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import type {
  SummaryResult,
  SymphonyActivation,
  SymphonyCampaign,
  SymphonyInstance,
  SymphonySolution,
  SymphonySolutionVersion,
  SymphonyTarget,
} from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';

/** Base URL of the Symphony `v1alpha2` REST API the API serves beside `/api`. */
export const SYMPHONY_BASE_URL = new InjectionToken<string>('SYMPHONY_BASE_URL', {
  providedIn: 'root',
  factory: () => '/v1alpha2',
});

/** Read-only client of the Symphony objects (`/v1alpha2/...`). */
@Injectable({ providedIn: 'root' })
export class SymphonyApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(SYMPHONY_BASE_URL);

  solutions(): Observable<SymphonySolution[]> {
    return this.http.get<SymphonySolution[]>(`${this.base}/solutions`);
  }

  solutionVersions(): Observable<SymphonySolutionVersion[]> {
    return this.http.get<SymphonySolutionVersion[]>(`${this.base}/solutionversions`);
  }

  targets(): Observable<SymphonyTarget[]> {
    return this.http.get<SymphonyTarget[]>(`${this.base}/targets/registry`);
  }

  instances(): Observable<SymphonyInstance[]> {
    return this.http.get<SymphonyInstance[]>(`${this.base}/instances`);
  }

  campaigns(): Observable<SymphonyCampaign[]> {
    return this.http.get<SymphonyCampaign[]>(`${this.base}/campaigns`);
  }

  activations(): Observable<SymphonyActivation[]> {
    return this.http.get<SymphonyActivation[]>(`${this.base}/activations/registry`);
  }

  /** The latest deployment summary of an instance (404 before its first deployment). */
  summary(instance: string): Observable<SummaryResult> {
    return this.http.get<SummaryResult>(`${this.base}/solutionversion/queue`, { params: new HttpParams().set('instance', instance) });
  }
}
