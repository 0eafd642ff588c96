import { randomBytes } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Subscription } from 'rxjs';
import { ClusterBus, ClusterMessage } from './cluster-bus';
import { LEASE_OPTIONS, LeaseOptions, LeaseService } from './lease.service';
import { REPLICA_ID } from './replica-id';

export const REQUEST_TOPIC = 'leader/requests';
export const replyTopic = (replicaId: string) => `replies/${replicaId}`;
/** How long a follower waits for the leader's answer (a takeover lasts at most about one lease TTL). */
export const FORWARD_TIMEOUT_MS = 20_000;
/** Forwarded requests waiting at once per replica; more are refused with 503. */
export const MAX_PENDING = 500;
/** Request ids the leader remembers, so that a redelivered request (QoS 1) is not executed twice. */
const SEEN_LIMIT = 2000;

type Handler = (args: unknown[]) => Promise<unknown>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs a write on the leader: locally when this replica holds the lease, otherwise forwarded over the cluster
 * channel (`fleet-api/cluster/leader/requests`, answered on `.../replies/<replica id>`). The leader's answer,
 * error status included, becomes this replica's answer; no answer in time is a 503.
 */
@Injectable()
export class LeaderCommands implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LeaderCommands.name);
  private readonly handlers = new Map<string, Handler>();
  private readonly pending = new Map<string, Pending>();
  private readonly seen = new Set<string>();
  private readonly subscriptions = new Subscription();

  constructor(
    private readonly bus: ClusterBus,
    private readonly lease: LeaseService,
    @Inject(REPLICA_ID) private readonly replicaId: string,
    @Inject(LEASE_OPTIONS) private readonly options: LeaseOptions,
  ) {}

  /** A single replica (CLUSTER off) never opens the channel. */
  onModuleInit(): void {
    if (!this.options.cluster) return;
    this.subscriptions.add(
      this.bus.on(REQUEST_TOPIC).subscribe((m) => void this.serve(m)),
    );
    this.subscriptions.add(
      this.bus.on(replyTopic(this.replicaId)).subscribe((m) => this.answer(m)),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ServiceUnavailableException('the API is shutting down'));
      this.pending.delete(id);
    }
  }

  /** What the leader runs for `command` (registered by the owning service, e.g. `rollouts.pause`). */
  register(command: string, handler: Handler): void {
    this.handlers.set(command, handler);
  }

  /** `local()` on the leader; on a follower the same command with `args`, run by the leader. */
  run<T>(
    command: string,
    args: unknown[],
    local: () => Promise<T>,
  ): Promise<T> {
    if (this.lease.isLeader) return local();
    return this.forward(command, args) as Promise<T>;
  }

  private forward(command: string, args: unknown[]): Promise<unknown> {
    if (this.pending.size >= MAX_PENDING)
      return Promise.reject(
        new ServiceUnavailableException(
          'too many requests waiting for the leader',
        ),
      );
    const id = randomBytes(8).toString('hex');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new ServiceUnavailableException(
            `no leader answered ${command} within ${FORWARD_TIMEOUT_MS / 1000} s; try again`,
          ),
        );
      }, FORWARD_TIMEOUT_MS);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      this.bus
        .publish(REQUEST_TOPIC, { id, command, args, replyTo: this.replicaId })
        .catch((error: Error) => {
          clearTimeout(timer);
          this.pending.delete(id);
          reject(
            new ServiceUnavailableException(
              `could not reach the leader: ${error.message}`,
            ),
          );
        });
    });
  }

  private async serve({ body, from }: ClusterMessage): Promise<void> {
    if (!this.lease.isLeader) return;
    const { id, command, args, replyTo } = body;
    if (
      typeof id !== 'string' ||
      typeof command !== 'string' ||
      !Array.isArray(args) ||
      typeof replyTo !== 'string' ||
      replyTo !== from
    )
      return;
    if (this.seen.has(id)) return;
    this.remember(id);
    const handler = this.handlers.get(command);
    let reply: Record<string, unknown>;
    if (!handler)
      reply = {
        id,
        ok: false,
        status: HttpStatus.NOT_IMPLEMENTED,
        response: { message: `unknown command ${command}` },
      };
    else {
      try {
        const value = await handler(args);
        reply = { id, ok: true, value: value ?? null };
      } catch (error) {
        reply = { id, ok: false, ...errorOf(error) };
      }
    }
    this.logger.log(`ran ${command} for replica ${from}`);
    await this.bus
      .publish(replyTopic(replyTo), reply)
      .catch((error: Error) =>
        this.logger.warn(`answer to ${from} lost: ${error.message}`),
      );
  }

  private answer({ body }: ClusterMessage): void {
    const id = body['id'];
    if (typeof id !== 'string') return;
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    clearTimeout(waiting.timer);
    if (body['ok'] === true) waiting.resolve(body['value']);
    else {
      const status =
        typeof body['status'] === 'number'
          ? body['status']
          : HttpStatus.INTERNAL_SERVER_ERROR;
      const response =
        typeof body['response'] === 'object' && body['response'] !== null
          ? (body['response'] as Record<string, unknown>)
          : { message: 'the leader failed' };
      waiting.reject(new HttpException(response, status));
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

function errorOf(error: unknown): { status: number; response: unknown } {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    return {
      status: error.getStatus(),
      response:
        typeof response === 'string'
          ? { statusCode: error.getStatus(), message: response }
          : response,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    response: {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      message: (error as Error)?.message ?? 'the leader failed',
    },
  };
}
