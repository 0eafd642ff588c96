// COA envelopes exactly as Go's encoding/json writes coa/pkg/apis/v1alpha2 COARequest and COAResponse:
// field order of the structs, map keys sorted, `[]byte` bodies as standard base64 (`null` when empty),
// empty metadata and parameters left out (omitempty).
import type { COARequest, COAResponse } from '@fleet/shared/contracts';
import { encodeBase64 } from './base64';
import { sortedMap } from './json-guards';

export interface CoaRequestInit {
  method: string;
  route: string;
  /** An object or array is sent as JSON; a string as is; absent means no body. */
  body?: unknown;
  contentType?: string;
  metadata?: Record<string, string>;
  parameters?: Record<string, string>;
}

export interface CoaResponseInit {
  state: number;
  body?: unknown;
  contentType?: string;
  metadata?: Record<string, string>;
}

export function encodeBody(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length === 0 ? null : encodeBase64(text);
}

export function encodeCoaRequest(init: CoaRequestInit): COARequest {
  const request: COARequest = {
    method: init.method,
    route: init.route,
    contentType: init.contentType ?? '',
    body: encodeBody(init.body),
  };
  if (init.metadata && Object.keys(init.metadata).length > 0) request.metadata = sortedMap(init.metadata);
  if (init.parameters && Object.keys(init.parameters).length > 0) request.parameters = sortedMap(init.parameters);
  return request;
}

export function encodeCoaResponse(init: CoaResponseInit): COAResponse {
  const response: COAResponse = {
    contentType: init.contentType ?? '',
    body: encodeBody(init.body),
    state: init.state,
  };
  if (init.metadata && Object.keys(init.metadata).length > 0) response.metadata = sortedMap(init.metadata);
  return response;
}

/** The MQTT payload of an envelope. */
export function serializeCoa(envelope: COARequest | COAResponse): string {
  return JSON.stringify(envelope);
}
