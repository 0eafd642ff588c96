export type EnvelopeErrorKind = 'not-utf8' | 'not-json' | 'not-object' | 'missing-field' | 'wrong-type' | 'bad-base64' | 'body-not-json';

/** Why a COA envelope (or its body) was rejected. */
export interface EnvelopeError {
  kind: EnvelopeErrorKind;
  message: string;
  /** The offending envelope field, when one is to blame. */
  field?: string;
}

export function envelopeError(kind: EnvelopeErrorKind, message: string, field?: string): EnvelopeError {
  return field === undefined ? { kind, message } : { kind, message, field };
}
