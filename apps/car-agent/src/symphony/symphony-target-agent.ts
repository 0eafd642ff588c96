// Symphony target agent of one car: answers the MQTT target provider's COA requests (GET, POST, DELETE on
// route `instances`) for this car's Target by changing the car's Ankaios workloads.
import {
  COA_ROUTE_INSTANCES,
  CoaMetadataKeys,
  CoaState,
  SymphonyTopics,
  type COARequest,
  type COAResponse,
} from '@fleet/shared/contracts';
import {
  buildTargetSummary,
  componentsForTarget,
  decodeCoaRequest,
  serializeCoa,
  workloadsToComponents,
} from '@fleet/shared/symphony/util';
import { jsonAnswer, methodNotAllowed, readdressed, routeNotFound, salvageRequestId, textAnswer } from './answers';
import { BoundedMap } from './bounded-map';
import { currentComponents } from './current-components';
import { parseDeployment, type DeploymentRequest } from './deployment-request';
import { AppliedDeployments } from './idempotency';
import { install } from './install';
import { Interruption } from './interruption';
import { ANSWER_CACHE_SIZE, DEFAULT_MAX_QUEUED, DEFAULT_SYMPHONY_TIMEOUTS, type SymphonyTargetAgentOptions, type SymphonyTimeouts } from './options';
import { remove } from './removal';
import { SerialQueue } from './serial-queue';

export const DRIVING_REFUSAL = 'refused: vehicle is driving; updates are applied only while parked';

export class SymphonyTargetAgent {
  readonly requestTopic: string;
  readonly responseTopic: string;
  private readonly timeouts: SymphonyTimeouts;
  private readonly queue: SerialQueue;
  private readonly answered = new BoundedMap<string, COAResponse>(ANSWER_CACHE_SIZE);
  private readonly inFlight = new Map<string, Promise<COAResponse>>();
  private readonly applied = new AppliedDeployments(ANSWER_CACHE_SIZE);

  constructor(private readonly options: SymphonyTargetAgentOptions) {
    this.requestTopic = SymphonyTopics.request(options.targetName);
    this.responseTopic = SymphonyTopics.response(options.targetName);
    this.timeouts = { ...DEFAULT_SYMPHONY_TIMEOUTS, ...options.timeouts };
    this.queue = new SerialQueue(options.maxQueued ?? DEFAULT_MAX_QUEUED);
  }

  /** Handles one payload from the request topic and publishes the answer; never throws. */
  async handleRequest(payload: Buffer | string): Promise<void> {
    try {
      const answer = await this.answer(payload);
      if (answer) await this.options.publish(this.responseTopic, serializeCoa(answer));
    } catch (error) {
      this.options.log.error('symphony: request handling failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async answer(payload: Buffer | string): Promise<COAResponse | null> {
    const decoded = decodeCoaRequest(payload);
    if (!decoded.ok) {
      const salvaged = salvageRequestId(payload);
      this.options.log.warn('symphony: malformed COA request', { error: decoded.error.message, requestId: salvaged });
      return salvaged ? textAnswer(CoaState.BadRequest, `malformed COA request: ${decoded.error.message}`, salvaged) : null;
    }
    const { envelope, bodyText } = decoded.value;
    const requestId = envelope.metadata?.[CoaMetadataKeys.requestId];
    if (!requestId) return this.route(envelope, bodyText, undefined);
    const earlier = this.answered.get(requestId) ?? (await this.inFlight.get(requestId));
    if (earlier) {
      this.options.log.info('symphony: duplicate request answered again', { requestId });
      return earlier;
    }
    const work = this.route(envelope, bodyText, requestId);
    this.inFlight.set(requestId, work);
    try {
      const answer = await work;
      this.answered.set(requestId, answer);
      return answer;
    } finally {
      this.inFlight.delete(requestId);
    }
  }

  private async route(envelope: COARequest, bodyText: string, requestId: string | undefined): Promise<COAResponse> {
    if (envelope.route !== COA_ROUTE_INSTANCES) return routeNotFound(requestId);
    const method = envelope.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') return methodNotAllowed(requestId);
    if (method === 'GET' && bodyText.trim() === '') return jsonAnswer(CoaState.OK, this.allComponents(), requestId);
    const parsed = parseDeployment(bodyText);
    if (!parsed.ok) return textAnswer(CoaState.BadRequest, `bad deployment: ${parsed.error}`, requestId);
    const activeTarget = envelope.metadata?.[CoaMetadataKeys.activeTarget] || parsed.value.deployment.activeTarget;
    if (activeTarget && activeTarget !== this.options.targetName)
      return textAnswer(CoaState.BadRequest, `request for target ${activeTarget} reached ${this.options.targetName}`, requestId);
    if (method === 'GET') return jsonAnswer(CoaState.OK, this.currentFor(parsed.value), requestId);
    const queued = this.queue.enqueue(() => this.transact(method, parsed.value, requestId));
    return queued ?? textAnswer(CoaState.Conflict, `busy: ${this.queue.queued} requests already wait on ${this.options.targetName}; try again later`, requestId);
  }

  private async transact(method: 'POST' | 'DELETE', request: DeploymentRequest, requestId: string | undefined): Promise<COAResponse> {
    const { cluster, vehicle, targetName, agentName, log, clock } = this.options;
    if (vehicle.state() !== 'parked') return this.refusal(request, requestId);
    const key = AppliedDeployments.key(method, request);
    const stored = this.applied.lookup(key, method, request, cluster, targetName, agentName);
    if (stored) {
      log.info('symphony: deployment already applied, answering the stored result', { key });
      return readdressed(stored, requestId);
    }
    const interruption = new Interruption(vehicle);
    try {
      const ctx = { targetName, agentName, cluster, clock, log, timeouts: this.timeouts, interruption };
      const result = await (method === 'POST' ? install(ctx, request) : remove(ctx, request));
      const answer = jsonAnswer(result.state, result.summary, requestId);
      if (result.state === CoaState.OK) this.applied.remember(key, answer);
      return answer;
    } finally {
      interruption.dispose();
    }
  }

  /** Refused while driving: every component 409 with the parked-only rule as the message. */
  private refusal(request: DeploymentRequest, requestId: string | undefined): COAResponse {
    const names = componentsForTarget(request.deployment, this.options.targetName).map((c) => c.name);
    const summary = buildTargetSummary({
      target: this.options.targetName,
      components: Object.fromEntries(names.map((n) => [n, { status: CoaState.Conflict, message: DRIVING_REFUSAL }])),
      message: DRIVING_REFUSAL,
      jobID: request.deployment.jobID,
    });
    this.options.log.info('symphony: request refused while driving', { solution: request.solutionRef });
    return jsonAnswer(CoaState.Conflict, summary, requestId);
  }

  private allComponents() {
    return workloadsToComponents(this.options.cluster.snapshot().workloads, this.options.agentName);
  }

  private currentFor(request: DeploymentRequest) {
    const wanted = componentsForTarget(request.deployment, this.options.targetName);
    return currentComponents(this.options.cluster.snapshot(), this.options.agentName, wanted, request.instanceName);
  }
}
