import type { CompleteState } from '@fleet/shared/contracts';
import { deepClone } from './object-path';
import { ExecutionStates } from './execution-states';

/**
 * What the Ankaios server shows while an agent is disconnected: every workload state of that agent becomes
 * AgentDisconnected and the agent leaves `agents` (server workload_states_map.rs `agent_disconnected`).
 */
export function disconnectedView(state: CompleteState, agent: string): CompleteState {
  const view = deepClone(state);
  for (const instances of Object.values(view.workloadStates[agent] ?? {}))
    for (const id of Object.keys(instances)) instances[id] = ExecutionStates.agentDisconnected();
  delete view.agents[agent];
  return view;
}
