import { dump } from 'js-yaml';
import { fail, isPlainObject, ok } from '@fleet/shared/ankaios/util';
import type { Result } from '@fleet/shared/ankaios/util';

/** The media types a manifest body may have besides JSON. */
export const MANIFEST_TEXT_TYPES = [
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
  'text/plain',
];
export const MAX_MANIFEST_BYTES = 512 * 1024;

/**
 * The manifest as the text that goes to the car: YAML text as sent, a JSON object as YAML (the fleet-connector
 * contract carries YAML).
 */
export function manifestText(body: unknown): Result<string> {
  if (typeof body === 'string' && body.trim().length > 0) return ok(body);
  if (isPlainObject(body) && Object.keys(body).length > 0)
    return ok(dump(body, { noRefs: true, lineWidth: -1 }));
  return fail(
    'the body must be an Ankaios manifest: YAML text (Content-Type application/yaml or text/plain) or a JSON object',
  );
}
