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
  /** Sends (and inquiries) of one pass waiting for their answers at once. */
  sendConcurrency: number;
  /** ...of which at most this many start in one turn of the event loop. */
  sendsPerTurn: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  sendTimeoutMs: 30_000,
  inquireEveryMs: 5_000,
  versionCacheMs: 60_000,
  // The bulk update's figures (BULK_CONCURRENCY, BULK_STARTS_PER_TURN): a send is the same request of the
  // updates module, two group writes and a publish, so one stage of thousands of cars goes as fast as a bulk update.
  sendConcurrency: 512,
  sendsPerTurn: 32,
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
