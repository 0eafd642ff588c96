import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  COA_ROUTE_INSTANCES,
  CoaContentTypes,
  CoaMetadataKeys,
} from '@fleet/shared/contracts';
import {
  decodeCoaResponse,
  encodeCoaRequest,
} from '@fleet/shared/symphony/util';
import { Subject } from 'rxjs';
import { Clock, TimerHandle } from '../../common/clock';
import { AppConfigService } from '../../config/app-config.service';
import { MAX_SYMPHONY_CONCURRENCY } from '../../config/environment-variables';
import { FleetMetrics } from '../../metrics/fleet-metrics';
import {
  MqttPublisher,
  PUBLISH_TIMEOUT_MS,
  withdrawUnlessAnswered,
} from '../../mqtt/mqtt-publisher';
import type { SentRequest } from '../../mqtt/mqtt-publisher';
import { asText, stepKey } from './coa-call';
import type { AcceptOutcome, CoaCall, CoaReply, LateAnswer } from './coa-call';
import { mqttBindingOf } from './target-binding';
import {
  ProviderBusyError,
  ProviderConfigError,
  ProviderPublishError,
  ProviderTimeoutError,
} from './provider-errors';

export type { AcceptOutcome, CoaCall, CoaReply, LateAnswer } from './coa-call';

/**
 * Requests waiting for an answer at most. Twice the highest SYMPHONY_CONCURRENCY, whose deployments wait for one
 * answer each, so that removals and confirmations keep room; past it a request waits for a place (below).
 */
export const MAX_IN_FLIGHT = 2 * MAX_SYMPHONY_CONCURRENCY;
/**
 * Requests that wait for a place among MAX_IN_FLIGHT, in order, each at most the COA timeout; more are refused at
 * once. The deployments and each removal are bounded by SYMPHONY_CONCURRENCY on their own, but several large
 * removals beside a bulk update are not bounded together: until now the requests past the limit were refused.
 */
export const MAX_WAITING_FOR_PLACE = 10_000;
/** Timed-out requests remembered so that their late answer can still be told apart (oldest forgotten first). */
export const MAX_TIMED_OUT = 1000;

interface Pending {
  target: string;
  responseTopic: string;
  call: CoaCall;
  resolve: (reply: CoaReply) => void;
  timer: TimerHandle;
}

/**
 * Symphony's `providers.target.mqtt` on the API's one broker connection: a COA request (QoS 1) on the
 * Target's request topic, the answer matched by `metadata["request-id"]` on its response topic. A late
 * answer (after the timeout) is announced once on `lateAnswers$`, never to the caller that gave up;
 * duplicates and foreign answers are dropped. The same deployment step (target, method,
 * instance, generation, job) already in flight is not sent twice: the callers share its answer.
 */
@Injectable()
export class MqttTargetProvider {
  private readonly logger = new Logger(MqttTargetProvider.name);
  private readonly pending = new Map<string, Pending>();
  private readonly inFlightSteps = new Map<string, Promise<CoaReply>>();
  private readonly timedOut = new Map<string, Pending>();
  /** Requests waiting for a place, oldest first; `handedOver` places freed for a waiter not yet taken. */
  private readonly waiting: { go(): void; timer: TimerHandle }[] = [];
  private handedOver = 0;
  /** Late answers (after the timeout), once each; duplicates and unknown ids are dropped. */
  readonly lateAnswers$ = new Subject<LateAnswer>();

  constructor(
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly metrics: FleetMetrics,
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  call(call: CoaCall): Promise<CoaReply> {
    const step = stepKey(call);
    const shared = this.inFlightSteps.get(step);
    if (shared) return shared;
    const reply = this.send(call);
    this.inFlightSteps.set(step, reply);
    const forget = () => {
      if (this.inFlightSteps.get(step) === reply)
        this.inFlightSteps.delete(step);
    };
    reply.then(forget, forget);
    return reply;
  }

  /** Takes one message from a response topic; never throws. */
  accept(topic: string, payload: unknown): AcceptOutcome {
    const decoded = decodeCoaResponse(asText(payload));
    if (!decoded.ok) {
      this.logger.warn(
        `dropped a malformed COA response on ${topic}: ${decoded.error.message}`,
      );
      return 'malformed';
    }
    const { envelope, bodyText } = decoded.value;
    const requestId = envelope.metadata?.[CoaMetadataKeys.requestId];
    const late = requestId ? this.timedOut.get(requestId) : undefined;
    if (requestId && late && late.responseTopic === topic) {
      this.timedOut.delete(requestId);
      this.logger.log(
        `late COA answer from ${late.target} to ${late.call.method} (request ${requestId}): ${envelope.state}`,
      );
      this.lateAnswers$.next({
        target: late.target,
        method: late.call.method,
        instance: late.call.deployment.instance?.metadata?.name ?? '',
        generation: late.call.deployment.generation ?? '',
        jobId: late.call.deployment.jobID ?? '',
        reply: {
          requestId,
          state: envelope.state,
          contentType: envelope.contentType,
          bodyText,
          response: envelope,
        },
      });
      return 'late';
    }
    const pending = requestId ? this.pending.get(requestId) : undefined;
    if (!requestId || !pending || pending.responseTopic !== topic) {
      this.logger.debug(
        `ignored a COA response on ${topic} nobody waits for (request ${requestId ?? 'none'}): late, duplicate or foreign`,
      );
      return 'unmatched';
    }
    this.forget(requestId);
    pending.resolve({
      requestId,
      state: envelope.state,
      contentType: envelope.contentType,
      bodyText,
      response: envelope,
    });
    return 'matched';
  }

  private async send(call: CoaCall): Promise<CoaReply> {
    const target = call.target.metadata.name;
    const binding = mqttBindingOf(call.target);
    if (!binding) throw new ProviderConfigError(target);
    const seconds = this.config.get('symphony').timeoutSeconds;
    // No await while there is room: the request must enter `pending` in this same turn, before the next call counts.
    const handed = this.hasPlace() ? false : await this.place(seconds);
    const requestId = randomUUID();
    const reply = new Promise<CoaReply>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        const pending = this.pending.get(requestId);
        this.pending.delete(requestId);
        this.handOver();
        if (pending) this.rememberTimedOut(requestId, pending);
        reject(new ProviderTimeoutError(target, call.method, seconds));
      }, seconds * 1000);
      this.pending.set(requestId, {
        target,
        responseTopic: binding.responseTopic,
        call,
        resolve,
        timer,
      });
      if (handed) this.handedOver--;
    });
    const envelope = encodeCoaRequest({
      method: call.method,
      route: COA_ROUTE_INSTANCES,
      contentType: CoaContentTypes.json,
      body: call.deployment,
      metadata: {
        [CoaMetadataKeys.requestId]: requestId,
        [CoaMetadataKeys.activeTarget]: target,
      },
    });
    let sent: SentRequest;
    try {
      sent = await this.publisher.publishRequest(
        binding.requestTopic,
        envelope,
      );
    } catch (error) {
      this.forget(requestId);
      reply.catch(() => undefined);
      throw new ProviderPublishError(target, (error as Error).message);
    }
    if (!sent.acknowledged) {
      // Written but not confirmed in time: the car may have it, so its answer still counts. Once nobody waits
      // for one, the request is withdrawn, so that a reconnect does not deliver it late.
      this.metrics.unacknowledgedRequests.inc({ method: call.method });
      this.logger.warn(
        `the broker did not confirm the ${call.method} request to ${target} within ${PUBLISH_TIMEOUT_MS / 1000} s; waiting for the car's answer all the same`,
      );
      withdrawUnlessAnswered(sent, reply);
    }
    return reply;
  }

  private rememberTimedOut(requestId: string, pending: Pending): void {
    this.timedOut.set(requestId, pending);
    if (this.timedOut.size > MAX_TIMED_OUT) {
      const oldest = this.timedOut.keys().next().value;
      if (oldest !== undefined) this.timedOut.delete(oldest);
    }
  }

  private forget(requestId: string): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.clock.clearTimeout(pending.timer);
    this.pending.delete(requestId);
    this.handOver();
  }

  /** Room for one more request now, and nobody waiting before it. */
  private hasPlace(): boolean {
    return (
      this.waiting.length === 0 &&
      this.pending.size + this.handedOver < MAX_IN_FLIGHT
    );
  }

  /** Resolves (true) once a place is handed over, which the request takes when it enters `pending`. */
  private place(seconds: number): Promise<boolean> {
    if (this.waiting.length >= MAX_WAITING_FOR_PLACE)
      return Promise.reject(
        new ProviderBusyError(MAX_IN_FLIGHT + MAX_WAITING_FOR_PLACE),
      );
    return new Promise<boolean>((resolve, reject) => {
      const waiter = {
        go: () => resolve(true),
        timer: this.clock.setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(new ProviderBusyError(MAX_IN_FLIGHT));
        }, seconds * 1000),
      };
      this.waiting.push(waiter);
    });
  }

  /** A place came free: the oldest waiter takes it (counted as handed over until its request is in flight). */
  private handOver(): void {
    while (
      this.waiting.length > 0 &&
      this.pending.size + this.handedOver < MAX_IN_FLIGHT
    ) {
      const waiter = this.waiting.shift() as (typeof this.waiting)[number];
      this.clock.clearTimeout(waiter.timer);
      this.handedOver++;
      waiter.go();
    }
  }
}
