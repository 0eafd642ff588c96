import type {
  EngineClock,
  FleetView,
  RolloutDispatcher,
  RolloutRepository,
} from './ports';

export interface EngineLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface EngineOptions {
  /** A send without an answer this long is left in flight; its state is asked for later. */
  sendTimeoutMs: number;
  /** In-flight cars are asked for their state this often, in case an outcome event was lost. */
  inquireEveryMs: number;
  /** How long the update store's answer about a version is kept. */
  versionCacheMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  sendTimeoutMs: 30_000,
  inquireEveryMs: 5_000,
  versionCacheMs: 60_000,
};

export interface EngineDeps {
  repository: RolloutRepository;
  dispatcher: RolloutDispatcher;
  fleet: FleetView;
  clock: EngineClock;
  newId: () => string;
  logger?: EngineLogger;
  options?: Partial<EngineOptions>;
}
