import { HttpException } from '@nestjs/common';
import type { Principal } from '@fleet/shared/contracts';
import type { Authenticator } from './authenticator';

/** What a socket.io server middleware sees of a socket. */
export interface HandshakeSocket {
  handshake: { auth?: unknown };
  data: { user?: Principal; expiresAt?: number | null };
}

/** The error a refused client receives as `connect_error` (`err.message`, `err.data`). */
export type SocketAuthError = Error & {
  data: { statusCode: number; message: string };
};

/** `handshake.auth.token`: a JWT or an API key. */
export function socketCredential(socket: HandshakeSocket): string | null {
  const auth = socket.handshake.auth;
  const token =
    typeof auth === 'object' && auth !== null
      ? (auth as Record<string, unknown>)['token']
      : undefined;
  return typeof token === 'string' && token.length > 0 ? token : null;
}

/**
 * A socket.io middleware: the connection is refused before the socket joins anything (so it never sees a
 * broadcast) unless its credential is valid. The caller lands in `socket.data.user`.
 */
export function socketAuthMiddleware(authenticator: Authenticator) {
  return (socket: HandshakeSocket, next: (error?: Error) => void): void => {
    authenticator.authenticate(socketCredential(socket)).then(
      ({ principal, expiresAt }) => {
        socket.data.user = principal;
        socket.data.expiresAt = expiresAt;
        next();
      },
      (error: unknown) => next(socketAuthError(error)),
    );
  };
}

export function socketAuthError(error: unknown): SocketAuthError {
  const known = error instanceof HttpException;
  const statusCode = known ? error.getStatus() : 500;
  const message = known ? error.message : 'Authentication failed';
  return Object.assign(new Error(message), { data: { statusCode, message } });
}
