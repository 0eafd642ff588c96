import type {
  COAResponse,
  CoaMethod,
  DeploymentSpec,
  SymphonyTarget,
} from '@fleet/shared/contracts';

/** The answer to a request that had already timed out: it settles what the caller recorded as unknown. */
export interface LateAnswer {
  target: string;
  method: CoaMethod;
  instance: string;
  generation: string;
  jobId: string;
  reply: CoaReply;
}

/** One COA request of the MQTT target provider: a deployment step (method) for one Target. */
export interface CoaCall {
  target: SymphonyTarget;
  method: CoaMethod;
  deployment: DeploymentSpec;
}

/** The car's answer to a COA request, matched by its request id. */
export interface CoaReply {
  requestId: string;
  state: number;
  contentType: string;
  /** The decoded body (empty when there was none). */
  bodyText: string;
  response: COAResponse;
}

export type AcceptOutcome = 'matched' | 'late' | 'unmatched' | 'malformed';

/** The same deployment step (target, method, instance, generation, job): sent once while it waits. */
export function stepKey({ target, method, deployment }: CoaCall): string {
  return [
    target.metadata.name,
    method,
    deployment.instance?.metadata?.name ?? '',
    deployment.generation ?? '',
    deployment.jobID ?? '',
  ].join('|');
}

/** A COA response payload as the codec takes it. */
export function asText(payload: unknown): string | Uint8Array {
  if (typeof payload === 'string' || payload instanceof Uint8Array)
    return payload;
  // The MQTT transport already parsed the JSON; the codec checks the envelope from text.
  return JSON.stringify(payload) ?? '';
}
