import { describeError } from '../logging/logger';
import type { AgentDeps } from './agent-deps';
import { CarAgent } from './car-agent';
import { EXIT_BAD_START, EXIT_CRASH, StartupError } from './startup-error';

/**
 * Builds and starts the agent with its process hooks: termination stops it gracefully, an uncaught
 * error is logged as one line and ends the process with 1 (the supervisor restarts it).
 */
export function launchAgent(deps: AgentDeps): CarAgent | null {
  const { logger, process } = deps;
  process.onFatal((error) => {
    logger.error('uncaught error', { error: describeError(error) });
    process.exit(EXIT_CRASH);
  });
  let agent: CarAgent;
  try {
    agent = new CarAgent(deps);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    logger.error('start failed', { error: error.message });
    process.writeStderr(`error: ${error.message}`);
    process.exit(EXIT_BAD_START);
    return null;
  }
  process.onTerminate((reason) => void agent.stop(reason));
  agent.start();
  return agent;
}
