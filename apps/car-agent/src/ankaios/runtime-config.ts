import { load } from 'js-yaml';
import { imageOf } from '@fleet/shared/ankaios/util';

/** What the simulation reads from a rendered runtimeConfig. */
export interface SimulatedRuntimeConfig {
  image: string | null;
  /** `simulated` runtime only: the workload exits this long after Running(Ok). */
  exitAfterSeconds?: number;
  /** `simulated` runtime only: exit code at `exitAfterSeconds` (0 = Succeeded, else Failed); default 0. */
  exitCode?: number;
  /** `simulated` runtime only: the first delete fails (Stopping(DeleteFailed)) and is retried. */
  deleteFails?: boolean;
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function readRuntimeConfig(runtime: string, runtimeConfig: string): SimulatedRuntimeConfig {
  const image = imageOf(runtime, runtimeConfig);
  if (runtime !== 'simulated') return { image };
  let parsed: unknown;
  try {
    parsed = load(runtimeConfig);
  } catch {
    return { image };
  }
  const config = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  return {
    image,
    exitAfterSeconds: number(config['exitAfterSeconds']),
    exitCode: typeof config['exitCode'] === 'number' ? config['exitCode'] : undefined,
    deleteFails: config['deleteFails'] === true,
  };
}
