import type { CarCommand, CarCommandResult, VehicleState } from '@fleet/shared/contracts';
import type { Logger } from '../logging/logger';
import { isCarCommand, readableRequestId } from '../messages/guards';
import { parseJson } from '../messages/parse-json';

/** What commands act on; the agent supplies it. */
export interface CommandTarget {
  readonly instanceId: string;
  setVehicleState(state: VehicleState): void;
  shutdown(reason: string): void;
  refuse(reason: string): void;
  respond(result: CarCommandResult): void;
}

/** Handles one payload from `fleet/cars/<id>/command`; a malformed one is logged and dropped. */
export function handleCommand(payload: Buffer, target: CommandTarget, logger: Logger): void {
  const parsed = parseJson(payload);
  if (!parsed.ok) {
    logger.warn('dropped a malformed command', { error: parsed.error });
    return;
  }
  if (!isCarCommand(parsed.value)) {
    const requestId = readableRequestId(parsed.value);
    logger.warn('dropped an invalid command', { requestId });
    if (requestId) target.respond({ requestId, ok: false, error: 'invalid command' });
    return;
  }
  execute(parsed.value, target, logger);
}

function execute(command: CarCommand, target: CommandTarget, logger: Logger): void {
  logger.info('command received', { type: command.type, requestId: command.requestId });
  switch (command.type) {
    case 'set-vehicle-state':
      target.setVehicleState(command.state);
      // When the car changed state, by its own clock: the fleet shows it (and measures its latency) from here.
      target.respond({ requestId: command.requestId, ok: true, at: new Date().toISOString() });
      return;
    case 'shutdown':
      target.respond({ requestId: command.requestId, ok: true });
      target.shutdown('shutdown command');
      return;
    case 'refuse':
      // Every agent with this name receives the command; only the named instance obeys and answers.
      if (command.instanceId !== target.instanceId) return;
      target.respond({ requestId: command.requestId, ok: true });
      target.refuse(command.reason);
      return;
  }
}
