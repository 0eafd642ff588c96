import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApiKeyView,
  AuditEntry,
  AuditQueryDto,
  CreateApiKeyDto,
  CreatedApiKey,
  CreateUserDto,
  Page,
  UpdateUserDto,
  UserView,
} from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE_URL } from '../api/api-config';

/** Users (admin), API keys (admin) and the audit trail (operator+). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  users(): Observable<UserView[]> {
    return this.http.get<UserView[]>(`${this.base}/users`);
  }

  createUser(body: CreateUserDto): Observable<UserView> {
    return this.http.post<UserView>(`${this.base}/users`, body);
  }

  updateUser(username: string, body: UpdateUserDto): Observable<UserView> {
    return this.http.patch<UserView>(`${this.base}/users/${encodeURIComponent(username)}`, body);
  }

  deleteUser(username: string): Observable<void> {
    return this.http.delete<void>(`${this.base}/users/${encodeURIComponent(username)}`);
  }

  apiKeys(): Observable<ApiKeyView[]> {
    return this.http.get<ApiKeyView[]>(`${this.base}/api-keys`);
  }

  createApiKey(body: CreateApiKeyDto): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(`${this.base}/api-keys`, body);
  }

  deleteApiKey(id: string): Observable<void> {
    return this.http.delete<void>(`${this.base}/api-keys/${encodeURIComponent(id)}`);
  }

  audit(query: AuditQueryDto): Observable<Page<AuditEntry>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params = params.set(key, String(value));
    }
    return this.http.get<Page<AuditEntry>>(`${this.base}/audit`, { params });
  }
}
