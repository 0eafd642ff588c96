/** Methods the MQTT target provider sends. */
export type CoaMethod = 'GET' | 'POST' | 'DELETE';

/**
 * A COA request as JSON on the MQTT request topic (coa/pkg/apis/v1alpha2, `COARequest`). Go marshals
 * the `[]byte` body as a base64 string, or `null` when empty.
 */
export interface COARequest {
  /** `GET` (current components), `POST` (apply), `DELETE` (remove). */
  method: string;
  /** `instances` for the target provider. */
  route: string;
  /** Empty from the MQTT provider; `application/json` when set. */
  contentType: string;
  /** Base64 of the JSON payload (a `DeploymentSpec` on route `instances`). */
  body: string | null;
  /** `request-id` (UUID, echoed back) and `active-target` (`CoaMetadataKeys`). */
  metadata?: Record<string, string>;
  parameters?: Record<string, string>;
}

/** A COA response as JSON on the MQTT response topic (`COAResponse`). */
export interface COAResponse {
  /** `application/json` for summaries and component lists, `text/plain` for bare errors. */
  contentType: string;
  /** Base64 of the payload: a `SummarySpec` (POST, DELETE), a `ComponentSpec[]` (GET), or error text. */
  body: string | null;
  /** A COA state code (`CoaState`, `FleetProviderState`). */
  state: number;
  /** Carries the request's `request-id` back. */
  metadata?: Record<string, string>;
  redirectUri?: string;
}

export const CoaMetadataKeys = {
  /** A UUID per request; the provider matches the response by it. */
  requestId: 'request-id',
  /** The target the request is for. */
  activeTarget: 'active-target',
} as const;

/** The route of the target-provider proxy (`ITargetProvider` over COA). */
export const COA_ROUTE_INSTANCES = 'instances';

export const CoaContentTypes = { json: 'application/json', text: 'text/plain' } as const;
