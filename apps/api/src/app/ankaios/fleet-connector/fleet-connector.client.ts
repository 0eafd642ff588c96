import { Injectable, Logger } from '@nestjs/common';
import { FleetConnectorTopics } from '@fleet/shared/contracts';
import type {
  ManifestResponse,
  SdkCompleteState,
} from '@fleet/shared/contracts';
import { Clock, TimerHandle } from '../../common/clock';
import {
  MqttPublisher,
  withdrawUnlessAnswered,
} from '../../mqtt/mqtt-publisher';
import { answersManifest } from './connector-answers';
import {
  ConnectorBusyError,
  ConnectorTimeoutError,
  ConnectorUnreachableError,
} from './connector-errors';

export const STATE_TIMEOUT_MS = 10_000;
export const MANIFEST_TIMEOUT_MS = 15_000;
/** Manifest requests that may wait for one car; the contract allows one open request per car and topic. */
export const MAX_MANIFESTS_PER_CAR = 8;
export const MAX_PENDING = 10_000;

export type ManifestAction = 'apply' | 'delete';

interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: TimerHandle | null;
  /** What the caller awaits: a request the broker confirmed late is withdrawn if it fails. */
  promise: Promise<T>;
}

type StateRequest = Pending<SdkCompleteState>;

interface ManifestRequest extends Pending<ManifestResponse> {
  action: ManifestAction;
  text: string;
  workloadNames: ReadonlySet<string>;
}

/**
 * The API's side of the Ankaios fleet-connector contract. Answers carry no request id, so requests are
 * correlated per car: at most one state request per car is open (callers share it), and manifest requests
 * to one car go out one after the other, each waiting for its answer or its timeout.
 */
@Injectable()
export class FleetConnectorClient {
  private readonly logger = new Logger(FleetConnectorClient.name);
  private readonly states = new Map<string, StateRequest>();
  private readonly manifests = new Map<string, ManifestRequest[]>();
  private queued = 0;

  constructor(
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
  ) {}

  /** The car's whole CompleteState (SDK shape); rejects with ConnectorTimeoutError after 10 s. */
  requestState(carId: string): Promise<SdkCompleteState> {
    const open = this.states.get(carId);
    if (open) return open.promise;
    if (this.states.size >= MAX_PENDING)
      return Promise.reject(new ConnectorBusyError('too many state requests'));
    const request: StateRequest = pending();
    const promise = request.promise;
    this.states.set(carId, request);
    request.timer = this.clock.setTimeout(
      () =>
        this.settleState(carId, request, {
          error: new ConnectorTimeoutError(
            `car ${carId} did not answer a state request within ${STATE_TIMEOUT_MS / 1000} s`,
          ),
        }),
      STATE_TIMEOUT_MS,
    );
    this.publisher
      .publishRequest(FleetConnectorTopics.stateRequest(carId), [])
      .then(
        (sent) => withdrawUnlessAnswered(sent, promise),
        (error: Error) =>
          this.settleState(carId, request, {
            error: new ConnectorUnreachableError(error.message),
          }),
      );
    return promise;
  }

  /** An answer on `vehicle/<id>/state/resp`; false when no request of ours is open for the car. */
  takeStateAnswer(carId: string, answer: SdkCompleteState): boolean {
    const request = this.states.get(carId);
    if (!request) return false;
    this.settleState(carId, request, { value: answer });
    return true;
  }

  /** Publishes the manifest once the car's earlier manifest requests are answered; resolves with the car's answer. */
  sendManifest(
    carId: string,
    action: ManifestAction,
    text: string,
    workloadNames: readonly string[],
  ): Promise<ManifestResponse> {
    const queue = this.manifests.get(carId) ?? [];
    if (queue.length >= MAX_MANIFESTS_PER_CAR || this.queued >= MAX_PENDING)
      return Promise.reject(
        new ConnectorBusyError(
          `${queue.length} manifest requests already wait for car ${carId}`,
        ),
      );
    const request: ManifestRequest = {
      ...pending<ManifestResponse>(),
      action,
      text,
      workloadNames: new Set(workloadNames),
    };
    queue.push(request);
    this.queued++;
    this.manifests.set(carId, queue);
    if (queue.length === 1) this.sendNext(carId);
    return request.promise;
  }

  /** An answer on `.../manifest/<action>/resp`; false when it answers nothing we sent. */
  takeManifestAnswer(
    carId: string,
    action: ManifestAction,
    answer: ManifestResponse,
  ): boolean {
    const head = this.manifests.get(carId)?.[0];
    if (!head || head.timer === null || head.action !== action) return false;
    if (!answersManifest(answer, head.workloadNames)) return false;
    this.settleManifest(carId, head, { value: answer });
    return true;
  }

  get inFlight(): { states: number; manifests: number } {
    return { states: this.states.size, manifests: this.queued };
  }

  private sendNext(carId: string): void {
    const request = this.manifests.get(carId)?.[0];
    if (!request) {
      this.manifests.delete(carId);
      return;
    }
    request.timer = this.clock.setTimeout(
      () =>
        this.settleManifest(carId, request, {
          error: new ConnectorTimeoutError(
            `car ${carId} did not answer the manifest ${request.action} within ${MANIFEST_TIMEOUT_MS / 1000} s`,
          ),
        }),
      MANIFEST_TIMEOUT_MS,
    );
    const topic =
      request.action === 'apply'
        ? FleetConnectorTopics.applyRequest(carId)
        : FleetConnectorTopics.deleteRequest(carId);
    this.publisher.publishTextRequest(topic, request.text).then(
      // A manifest applied after a reconnect would be worse than a late one: its answer, without a request id,
      // could pass for the next one's.
      (sent) => withdrawUnlessAnswered(sent, request.promise),
      (error: Error) =>
        this.settleManifest(carId, request, {
          error: new ConnectorUnreachableError(error.message),
        }),
    );
  }

  private settleState(
    carId: string,
    request: StateRequest,
    outcome: { value: SdkCompleteState } | { error: Error },
  ): void {
    if (this.states.get(carId) !== request) return;
    this.states.delete(carId);
    if (request.timer) this.clock.clearTimeout(request.timer);
    if ('value' in outcome) request.resolve(outcome.value);
    else request.reject(outcome.error);
  }

  private settleManifest(
    carId: string,
    request: ManifestRequest,
    outcome: { value: ManifestResponse } | { error: Error },
  ): void {
    const queue = this.manifests.get(carId);
    if (queue?.[0] !== request) return;
    queue.shift();
    this.queued--;
    if (request.timer) this.clock.clearTimeout(request.timer);
    if ('value' in outcome) request.resolve(outcome.value);
    else {
      this.logger.warn(
        `car=${carId} manifest ${request.action}: ${outcome.error.message}`,
      );
      request.reject(outcome.error);
    }
    this.sendNext(carId);
  }
}

/** A request nobody has answered yet, with the promise its callers await. */
function pending<T>(): Pending<T> {
  let settle!: Pick<Pending<T>, 'resolve' | 'reject'>;
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { ...settle, timer: null, promise };
}
