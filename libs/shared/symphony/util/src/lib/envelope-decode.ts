import type { COARequest, COAResponse } from '@fleet/shared/contracts';
import { decodeBase64 } from './base64';
import { passed, rejected, type Checked } from './checked';
import { envelopeError, type EnvelopeError } from './envelope-error';
import { isObject, isStringMap, tryParseJson, type JsonObject } from './json-guards';

/** A decoded envelope with its body as text (empty when the body was `null`). */
export interface DecodedCoa<E> {
  envelope: E;
  bodyText: string;
}

export type DecodeResult<E> = Checked<DecodedCoa<E>, EnvelopeError>;

/** Decodes a COA request from an MQTT payload; never throws. */
export function decodeCoaRequest(payload: string | Uint8Array): DecodeResult<COARequest> {
  const root = parseRoot(payload);
  if (!root.ok) return root;
  const o = root.value;
  const problem =
    requiredString(o, 'method') ??
    requiredString(o, 'route') ??
    optionalString(o, 'contentType') ??
    optionalStringMap(o, 'metadata') ??
    optionalStringMap(o, 'parameters');
  if (problem) return rejected(problem);
  const body = decodeBody(o['body']);
  if (!body.ok) return body;
  const envelope: COARequest = {
    method: o['method'] as string,
    route: o['route'] as string,
    contentType: (o['contentType'] as string | undefined | null) ?? '',
    body: (o['body'] as string | undefined | null) ?? null,
  };
  if (isStringMap(o['metadata'])) envelope.metadata = o['metadata'];
  if (isStringMap(o['parameters'])) envelope.parameters = o['parameters'];
  return passed({ envelope, bodyText: body.value });
}

/** Decodes a COA response from an MQTT payload; never throws. */
export function decodeCoaResponse(payload: string | Uint8Array): DecodeResult<COAResponse> {
  const root = parseRoot(payload);
  if (!root.ok) return root;
  const o = root.value;
  const state = o['state'];
  if (state === undefined) return rejected(envelopeError('missing-field', 'state is missing', 'state'));
  if (typeof state !== 'number' || !Number.isInteger(state) || state < 0 || state > 0xffff)
    return rejected(envelopeError('wrong-type', 'state must be an integer COA state code', 'state'));
  const problem = optionalString(o, 'contentType') ?? optionalStringMap(o, 'metadata') ?? optionalString(o, 'redirectUri');
  if (problem) return rejected(problem);
  const body = decodeBody(o['body']);
  if (!body.ok) return body;
  const envelope: COAResponse = {
    contentType: (o['contentType'] as string | undefined | null) ?? '',
    body: (o['body'] as string | undefined | null) ?? null,
    state,
  };
  if (isStringMap(o['metadata'])) envelope.metadata = o['metadata'];
  if (typeof o['redirectUri'] === 'string') envelope.redirectUri = o['redirectUri'];
  return passed({ envelope, bodyText: body.value });
}

/** The body parsed as JSON; an empty body is an error too. */
export function parseJsonBody(bodyText: string): Checked<unknown, EnvelopeError> {
  if (bodyText.trim().length === 0) return rejected(envelopeError('body-not-json', 'body is empty', 'body'));
  const parsed = tryParseJson(bodyText);
  return parsed.ok ? passed(parsed.value) : rejected(envelopeError('body-not-json', `body is not JSON: ${parsed.message}`, 'body'));
}

function parseRoot(payload: string | Uint8Array): Checked<JsonObject, EnvelopeError> {
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return rejected(envelopeError('not-utf8', 'payload is not UTF-8 text'));
  }
  const parsed = tryParseJson(text);
  if (!parsed.ok) return rejected(envelopeError('not-json', `payload is not JSON: ${parsed.message}`));
  if (!isObject(parsed.value)) return rejected(envelopeError('not-object', 'payload must be a JSON object'));
  return passed(parsed.value);
}

function decodeBody(body: unknown): Checked<string, EnvelopeError> {
  if (body === undefined || body === null || body === '') return passed('');
  if (typeof body !== 'string') return rejected(envelopeError('wrong-type', 'body must be a base64 string or null', 'body'));
  const text = decodeBase64(body);
  return text === null ? rejected(envelopeError('bad-base64', 'body is not valid base64 of UTF-8 text', 'body')) : passed(text);
}

function requiredString(o: JsonObject, field: string): EnvelopeError | null {
  if (o[field] === undefined || o[field] === null) return envelopeError('missing-field', `${field} is missing`, field);
  return typeof o[field] === 'string' ? null : envelopeError('wrong-type', `${field} must be a string`, field);
}

function optionalString(o: JsonObject, field: string): EnvelopeError | null {
  const v = o[field];
  return v === undefined || v === null || typeof v === 'string' ? null : envelopeError('wrong-type', `${field} must be a string`, field);
}

function optionalStringMap(o: JsonObject, field: string): EnvelopeError | null {
  const v = o[field];
  return v === undefined || v === null || isStringMap(v)
    ? null
    : envelopeError('wrong-type', `${field} must be a map of strings`, field);
}
