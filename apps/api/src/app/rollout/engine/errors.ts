export type RolloutErrorKind =
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'invalid'
  | 'busy';

/** A refused command; the service turns the kind into 404, 409, 403, 400 or 503. */
export class RolloutError extends Error {
  constructor(
    readonly kind: RolloutErrorKind,
    message: string,
  ) {
    super(message);
    this.name = RolloutError.name;
  }
}
