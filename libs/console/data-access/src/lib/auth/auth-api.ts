import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { LoginDto, LoginResponse, Principal } from '@fleet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE_URL } from '../api/api-config';

export const LOGIN_PATH = '/auth/login';

/** `POST /api/auth/login` and `GET /api/auth/me`. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  login(credentials: LoginDto): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(`${this.base}${LOGIN_PATH}`, credentials);
  }

  me(): Observable<Principal> {
    return this.http.get<Principal>(`${this.base}/auth/me`);
  }
}
