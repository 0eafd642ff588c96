import type { FaultRule } from '@fleet/shared/contracts';

/** What the fault rules decided for one start of one image. */
export interface StartFaults {
  failStart: boolean;
  /** Seconds after Running(Ok) until a crash; undefined: no crash. */
  crashAfterSeconds?: number;
  /** Seconds after Running(Ok) until the workload turns unhealthy; undefined: stays healthy. */
  unhealthyAfterSeconds?: number;
}

/** `*` matches any run of characters; everything else literally. */
export function imageMatches(glob: string, image: string): boolean {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(image);
}

/** Rolls every rule that matches this start: each hits with its own probability (one random draw per rule). */
export function rollFaults(
  rules: readonly FaultRule[],
  image: string | null,
  region: string | undefined,
  random: () => number,
  defaultCrashSeconds: number,
): StartFaults {
  const result: StartFaults = { failStart: false };
  for (const rule of rules) {
    if (!image || !imageMatches(rule.image, image)) continue;
    if (rule.region !== undefined && rule.region !== region) continue;
    if (!(random() < rule.probability)) continue;
    if (rule.fault === 'fail-start') result.failStart = true;
    if (rule.fault === 'crash')
      result.crashAfterSeconds = Math.min(result.crashAfterSeconds ?? Infinity, rule.afterSeconds ?? defaultCrashSeconds);
    if (rule.fault === 'unhealthy')
      result.unhealthyAfterSeconds = Math.min(result.unhealthyAfterSeconds ?? Infinity, rule.afterSeconds ?? 0);
  }
  return result;
}
