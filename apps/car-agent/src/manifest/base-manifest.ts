import { readFileSync } from 'node:fs';

/**
 * One base manifest serves every car, so its workloads name their agent with this placeholder;
 * the agent puts its own name in when it loads the file.
 */
export const AGENT_NAME_PLACEHOLDER = '__AGENT_NAME__';

export function renderBaseManifest(text: string, agentName: string): string {
  return text.split(AGENT_NAME_PLACEHOLDER).join(agentName);
}

export function loadBaseManifest(path: string, agentName: string): string {
  return renderBaseManifest(readFileSync(path, 'utf8'), agentName);
}
