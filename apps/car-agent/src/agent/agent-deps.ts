import type { AgentConfig } from '../config/agent-config';
import type { Logger } from '../logging/logger';
import type { TransportFactory } from '../mqtt/transport';
import type { StateFile } from '../persistence/state-file';
import type { LoadProbe } from '../reporting/load-probe';
import type { Clock } from './clock';
import type { ClusterFactory } from './cluster-port';
import type { ProcessPort } from './process-port';

/** Everything the agent touches outside its own logic; tests pass fakes. */
export interface AgentDeps {
  config: AgentConfig;
  /** A fresh id per process: tells two agents with the same name apart. */
  instanceId: string;
  clock: Clock;
  random: () => number;
  logger: Logger;
  process: ProcessPort;
  loadProbe: LoadProbe;
  /** How often the agent reports its load; LOAD_REPORT_MS (2 s) unless set (the host reports its shared load less often). */
  loadReportMs?: number;
  stateFile: StateFile;
  createTransport: TransportFactory;
  createCluster: ClusterFactory;
  /** Reads a file (certificates); defaults to fs.readFileSync. */
  readFile?: (path: string) => Buffer;
  /** Loads the base manifest with the agent name filled in; defaults to reading the file. */
  readManifest?: (path: string, agentName: string) => string;
}
