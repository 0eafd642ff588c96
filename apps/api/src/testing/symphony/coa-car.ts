import {
  CoaContentTypes,
  CoaMetadataKeys,
  CoaState,
} from '@fleet/shared/contracts';
import type {
  COARequest,
  ComponentSpec,
  DeploymentSpec,
} from '@fleet/shared/contracts';
import {
  buildTargetSummary,
  decodeCoaRequest,
  encodeCoaResponse,
  parseJsonBody,
} from '@fleet/shared/symphony/util';
import { FakePublisher } from '../fake-publisher';

export interface ReceivedRequest {
  topic: string;
  envelope: COARequest;
  deployment: DeploymentSpec;
}

export interface CoaAnswer {
  state: number;
  body: unknown;
}

/** How the fake car answers one request; undefined = no answer at all. */
export type CoaBehaviour = (request: ReceivedRequest) => CoaAnswer | undefined;

/**
 * A publisher that plays every car: COA requests published on `symphony/<target>/request` are
 * decoded, recorded and answered (on the next tick) through `deliver`, as the broker would.
 */
export class CoaCarPublisher extends FakePublisher {
  readonly requests: ReceivedRequest[] = [];
  behaviour: CoaBehaviour = defaultBehaviour();
  deliver: (topic: string, payload: unknown) => void = () => undefined;
  /** Called with every answer as it is sent. */
  onAnswered: (request: ReceivedRequest, state: number) => void = () =>
    undefined;

  override async publish(
    topic: string,
    payload: unknown,
    options: { retain?: boolean } = {},
  ): Promise<void> {
    await super.publish(topic, payload, options);
    const match = /^symphony\/([^/]+)\/request$/.exec(topic);
    if (!match) return;
    const decoded = decodeCoaRequest(JSON.stringify(payload));
    if (!decoded.ok)
      throw new Error(`bad COA request: ${decoded.error.message}`);
    const body = parseJsonBody(decoded.value.bodyText);
    const request = {
      topic,
      envelope: decoded.value.envelope,
      deployment: (body.ok ? body.value : {}) as DeploymentSpec,
    };
    this.requests.push(request);
    const answer = this.behaviour(request);
    if (!answer) return;
    const response = encodeCoaResponse({
      state: answer.state,
      body: answer.body,
      contentType:
        typeof answer.body === 'string'
          ? CoaContentTypes.text
          : CoaContentTypes.json,
      metadata: {
        [CoaMetadataKeys.requestId]:
          request.envelope.metadata?.[CoaMetadataKeys.requestId] ?? '',
      },
    });
    this.onAnswered(request, answer.state);
    setImmediate(() =>
      this.deliver(
        `symphony/${match[1]}/response`,
        JSON.parse(JSON.stringify(response)),
      ),
    );
  }

  methods(): string[] {
    return this.requests.map((r) => r.envelope.method);
  }
}

/** A car that runs `current` and installs whatever it is sent successfully. */
export function defaultBehaviour(
  current: () => ComponentSpec[] = () => [],
): CoaBehaviour {
  return (request) => {
    if (request.envelope.method === 'GET')
      return { state: CoaState.OK, body: current() };
    const target = request.deployment.activeTarget ?? '';
    const components = Object.fromEntries(
      (request.deployment.solution?.spec?.components ?? []).map((c) => [
        c.name,
        { status: CoaState.Updated, message: 'Running(Ok), healthy' },
      ]),
    );
    return {
      state: CoaState.OK,
      body: buildTargetSummary({
        target,
        components,
        message: `${request.deployment.solutionName} runs on ${target}`,
        jobID: request.deployment.jobID,
      }),
    };
  };
}

/** An answer to POST with every component of the deployment at `status`. */
export function applyAnswer(
  request: ReceivedRequest,
  state: number,
  status: number,
  message: string,
): CoaAnswer {
  const target = request.deployment.activeTarget ?? '';
  const components = Object.fromEntries(
    (request.deployment.solution?.spec?.components ?? []).map((c) => [
      c.name,
      { status, message },
    ]),
  );
  return {
    state,
    body: buildTargetSummary({
      target,
      components,
      message,
      jobID: request.deployment.jobID,
    }),
  };
}
