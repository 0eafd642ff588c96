import { Controller, Logger } from '@nestjs/common';
import { Ctx, MqttContext, Payload } from '@nestjs/microservices';
import { DirectEventPattern } from '../mqtt/direct-event-pattern';
import { TopicPatterns } from '@fleet/shared/contracts';
import type { LogLine } from '@fleet/shared/contracts';
import { acceptCarMessage } from '../mqtt/accept-car-message';
import { isLogLine } from '../mqtt/payload-guards';
import { CarLogsService } from './car-logs.service';

const MAX_BATCH = 1000;

const isLogBatch = (v: unknown, carId: string): v is LogLine[] =>
  Array.isArray(v) &&
  v.length <= MAX_BATCH &&
  v.every((line) => isLogLine(line) && line.carId === carId);

/** MQTT handler for the cars' log batches. */
@Controller()
export class CarLogsController {
  private readonly logger = new Logger(CarLogsController.name);

  constructor(private readonly logs: CarLogsService) {}

  @DirectEventPattern(TopicPatterns.logs)
  onLogs(@Payload() payload: unknown, @Ctx() ctx: MqttContext): Promise<void> {
    return acceptCarMessage(this.logger, ctx.getTopic(), payload, {
      kind: 'logs',
      guard: isLogBatch,
      apply: (carId, lines) => this.logs.append(carId, lines),
    });
  }
}
