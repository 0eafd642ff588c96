import { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';

/**
 * Hands every MQTT payload to the handler whole. Nest's default would take a raw payload with a
 * top-level `data` or `pattern` key for its own envelope; the agents publish plain JSON.
 */
export class RawJsonDeserializer implements ConsumerDeserializer {
  deserialize(
    value: unknown,
    options?: Record<string, unknown>,
  ): IncomingEvent {
    return { pattern: options?.['channel'], data: value };
  }
}
