import { fail, ok, type Result } from './result';

export const CURRENT_API_VERSION = 'v1';
export const PREVIOUS_API_VERSION = 'v0.1';

/** Ankaios' own check and texts (ankaios_api state.rs `validate_api_version`). */
export function validateApiVersion(apiVersion: unknown): Result<string> {
  if (apiVersion === CURRENT_API_VERSION) return ok(apiVersion);
  if (apiVersion === PREVIOUS_API_VERSION)
    return ok(apiVersion, [
      `The provided state uses an old API version '${PREVIOUS_API_VERSION}'. ` +
        `Please consider updating to the latest version '${CURRENT_API_VERSION}'.`,
    ]);
  return fail(`Unsupported API version. Received '${String(apiVersion ?? '')}', expected '${CURRENT_API_VERSION}'`);
}
