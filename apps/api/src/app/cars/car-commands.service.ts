import { randomUUID } from 'node:crypto';
import {
  GatewayTimeoutException,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import type { CarCommand, CarCommandResult } from '@fleet/shared/contracts';
import { Clock, TimerHandle } from '../common/clock';
import { MqttPublisher, withdrawUnlessAnswered } from '../mqtt/mqtt-publisher';
import type { SentRequest } from '../mqtt/mqtt-publisher';

export const COMMAND_TIMEOUT_MS = 10_000;
const MAX_PENDING = 10_000;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown
  ? Omit<T, K>
  : never;
export type CarCommandBody = DistributiveOmit<CarCommand, 'requestId'>;

interface Pending {
  carId: string;
  resolve: (result: CarCommandResult) => void;
  timer: TimerHandle;
}

/** Sends commands to cars and pairs them with the answers on `.../command/resp` by request id. */
@Injectable()
export class CarCommandsService {
  private readonly logger = new Logger(CarCommandsService.name);
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolves with the car's answer; 504 when none comes within the timeout, 503 at once when the broker
   * connection is down (nothing is queued for later).
   */
  async send(
    carId: string,
    command: CarCommandBody,
  ): Promise<CarCommandResult> {
    if (this.pending.size >= MAX_PENDING)
      throw new ServiceUnavailableException('too many commands in flight');
    const requestId = randomUUID();
    const answer = new Promise<CarCommandResult>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(requestId);
        this.logger.warn(
          `car=${carId} no answer to ${command.type} (${requestId}) within ${COMMAND_TIMEOUT_MS} ms`,
        );
        reject(
          new GatewayTimeoutException(
            `car ${carId} did not answer ${command.type} within ${COMMAND_TIMEOUT_MS / 1000} s`,
          ),
        );
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(requestId, { carId, resolve, timer });
    });
    let sent: SentRequest;
    try {
      sent = await this.publisher.publishRequest(CarTopics.command(carId), {
        ...command,
        requestId,
      });
    } catch (error) {
      this.forget(requestId);
      answer.catch(() => undefined);
      this.logger.error(
        `car=${carId} could not publish ${command.type}: ${(error as Error).message}`,
      );
      throw new ServiceUnavailableException(
        `could not reach the broker to command car ${carId}`,
      );
    }
    // Confirmed late by the broker: the car may still get it and answer. Once nobody waits, it is withdrawn, so
    // that a reconnect cannot make the car drive or park long after the caller was told it did not answer.
    withdrawUnlessAnswered(sent, answer);
    return answer;
  }

  /** Called with every answer from a car; false when nobody waits for it. */
  resolve(carId: string, result: CarCommandResult): boolean {
    const pending = this.pending.get(result.requestId);
    if (!pending || pending.carId !== carId) return false;
    this.forget(result.requestId);
    pending.resolve(result);
    return true;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private forget(requestId: string): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.clock.clearTimeout(pending.timer);
    this.pending.delete(requestId);
  }
}
