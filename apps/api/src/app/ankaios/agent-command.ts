import { join } from 'node:path';
import type { VehicleState } from '@fleet/shared/contracts';
import type { AgentSettings } from '../config/app-config';
import type { AgentCommand } from './process-spawner';

/** What the supervisor needs to (re)start one car's agent. */
export interface AgentSpec {
  id: string;
  region: string;
  model: string;
  vehicleState: VehicleState;
}

export interface AgentEnvironment {
  settings: AgentSettings;
  brokerUrl: string;
  dataDir: string;
  nodePath: string;
}

/**
 * Node flags of every car process: a simulated car is mostly idle, so V8's small-footprint modes cost little
 * CPU and bring one car from ~64 MB to ~58 MB RSS (`npm run bench -- memory`). Measured without a gain beyond
 * the noise (0.4 MB): --single-threaded, --single-threaded-gc, --v8-pool-size=0, --max-lazy, --jitless,
 * --no-expose-wasm, --bytecode-old-age=1; --initial-heap-size=4 saves 0.5 MB for the first seconds and costs
 * 2 MB once the memory reducer has run.
 */
export const AGENT_NODE_FLAGS = [
  '--lite-mode',
  '--optimize-for-size',
  '--max-semi-space-size=1',
] as const;

/** The agent's own folder (its persisted Ankaios state) under DATA_DIR. */
export function agentRunFolder(dataDir: string, carId: string): string {
  return join(dataDir, 'agents', carId);
}

/** The command line of one agent, mirroring `ank-agent` flags plus the simulator's own. */
export function buildAgentCommand(
  spec: AgentSpec,
  env: AgentEnvironment,
  /** How the agent proves itself to the broker (see CarCredentials); plain and anonymous by default. */
  securityArgs: readonly string[] = ['--insecure'],
): AgentCommand {
  const runFolder = agentRunFolder(env.dataDir, spec.id);
  return {
    command: env.nodePath,
    args: [
      ...AGENT_NODE_FLAGS,
      env.settings.script,
      '--name',
      spec.id,
      '--server-url',
      env.brokerUrl,
      ...securityArgs,
      '--tag',
      `region=${spec.region}`,
      '--tag',
      `model=${spec.model}`,
      '--run-folder',
      runFolder,
      '--manifest',
      env.settings.manifest,
      '--vehicle-state',
      spec.vehicleState,
      ...env.settings.args,
    ],
    runFolder,
  };
}
