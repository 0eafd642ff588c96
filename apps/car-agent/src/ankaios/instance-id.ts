import { createHash } from 'node:crypto';

/** Ankaios' workload instance id: sha256 (hex) of the rendered runtimeConfig. */
export function instanceIdOf(renderedRuntimeConfig: string): string {
  return createHash('sha256').update(renderedRuntimeConfig).digest('hex');
}
