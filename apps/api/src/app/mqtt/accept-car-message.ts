import type { Logger } from '@nestjs/common';
import { carIdFromTopic, isAnkaiosName } from '@fleet/shared/contracts';
import { preview } from './payload-guards';

export interface CarMessageRoute<T> {
  kind: string;
  /** Validates the payload for this car (e.g. that a `name` field matches the topic). */
  guard: (payload: unknown, carId: string) => payload is T;
  /** Applies it; false when the car is unknown. */
  apply: (carId: string, message: T) => boolean | Promise<boolean>;
}

/**
 * The one way an MQTT handler takes a car's message: the car id from the topic, the payload through
 * a type guard, then `apply`. Malformed or foreign messages are logged and dropped; nothing throws.
 */
export async function acceptCarMessage<T>(
  logger: Logger,
  topic: string,
  payload: unknown,
  route: CarMessageRoute<T>,
): Promise<void> {
  try {
    const carId = carIdFromTopic(topic);
    if (!carId || !isAnkaiosName(carId)) {
      logger.warn(
        `dropped a ${route.kind} message on an unexpected topic ${topic}`,
      );
      return;
    }
    // An empty payload clears a retained message; it carries no report.
    if (payload === '') return;
    if (!route.guard(payload, carId)) {
      logger.warn(
        `car=${carId} dropped a malformed ${route.kind} message: ${preview(payload)}`,
      );
      return;
    }
    if (!(await route.apply(carId, payload)))
      logger.debug(
        `car=${carId} ignored a ${route.kind} message from an unknown car`,
      );
  } catch (error) {
    logger.error(
      `failed to handle a ${route.kind} message on ${topic}: ${(error as Error).message}`,
    );
  }
}
