export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse for MQTT payloads; never throws. */
export function parseJson(payload: Buffer | string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(payload.toString()) as unknown };
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
