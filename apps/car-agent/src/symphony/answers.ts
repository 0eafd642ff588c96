import { CoaContentTypes, CoaMetadataKeys, CoaState, type COAResponse } from '@fleet/shared/contracts';
import { encodeCoaResponse } from '@fleet/shared/symphony/util';

function metadataFor(requestId: string | undefined): Record<string, string> | undefined {
  return requestId ? { [CoaMetadataKeys.requestId]: requestId } : undefined;
}

export function jsonAnswer(state: number, body: unknown, requestId: string | undefined): COAResponse {
  return encodeCoaResponse({ state, body, contentType: CoaContentTypes.json, metadata: metadataFor(requestId) });
}

export function textAnswer(state: number, text: string, requestId: string | undefined): COAResponse {
  return encodeCoaResponse({ state, body: text, contentType: CoaContentTypes.text, metadata: metadataFor(requestId) });
}

/** As Symphony's COA MQTT binding answers an unknown route. */
export const routeNotFound = (requestId: string | undefined) => textAnswer(CoaState.NotFound, 'route not found', requestId);

/** As Symphony's solution vendor answers other methods on `instances`. */
export const methodNotAllowed = (requestId: string | undefined) =>
  jsonAnswer(CoaState.MethodNotAllowed, { result: '405 - method not allowed' }, requestId);

/** The same answer for another request id (a duplicate request). */
export function readdressed(answer: COAResponse, requestId: string | undefined): COAResponse {
  const metadata = { ...(answer.metadata ?? {}) };
  if (requestId) metadata[CoaMetadataKeys.requestId] = requestId;
  return { ...answer, metadata };
}

/** The request id of a payload too broken to decode, if one can still be found. */
export function salvageRequestId(payload: string | Uint8Array): string | undefined {
  try {
    const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
    const parsed: unknown = JSON.parse(text);
    const metadata = typeof parsed === 'object' && parsed !== null ? (parsed as { metadata?: unknown }).metadata : undefined;
    const id = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>)[CoaMetadataKeys.requestId] : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
