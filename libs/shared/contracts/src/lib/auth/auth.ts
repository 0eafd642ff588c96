import type { Role } from './roles';

/** Who made a request, as the API sees it. */
export interface AuthUser {
  username: string;
  role: Role;
}

/** How the caller proved who it is. */
export type AuthMethod = 'jwt' | 'api-key';

/** The authenticated caller of a request (`req.user` in the API, `GET /api/auth/me`). */
export interface Principal extends AuthUser {
  /** For an API key: `apikey:<name>`. */
  username: string;
  via: AuthMethod;
  /** Set when `via` is `api-key`. */
  keyId?: string;
}

export interface LoginResponse {
  /** A JWT (HS256) for `Authorization: Bearer <token>` and the WebSocket's `auth.token`. */
  accessToken: string;
  /** ISO-8601; log in again after it. */
  expiresAt: string;
  user: AuthUser;
}

/** The answer of Symphony's `POST /v1alpha2/users/auth`, as Symphony 0.49 gives it. */
export interface SymphonyAuthResponse {
  accessToken: string;
  tokenType: 'Bearer';
  username: string;
  roles: Role[];
}

export interface UserView extends AuthUser {
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  /** ISO-8601, to the minute; null when never used. */
  lastUsedAt: string | null;
}

/** Returned once, on creation: the key itself is stored only as a hash. */
export interface CreatedApiKey extends ApiKeyView {
  /** `fk_<id>_<secret>`: send it as `X-API-Key` or `Authorization: Bearer`. */
  key: string;
}
