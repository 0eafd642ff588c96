// Base64 of UTF-8 text: Node's Buffer where there is one (native; the portable way cost the agent host ~4 % of
// its CPU in COA bodies), else browser globals only (btoa, atob, TextEncoder, TextDecoder).
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Standard base64 with padding, as Go's encoding/json writes a `[]byte`. */
export function encodeBase64(text: string): string {
  return NodeBuffer ? NodeBuffer.from(text, 'utf8').toString('base64') : encodePortable(text);
}

/**
 * The UTF-8 text of a standard base64 string; null when it is not valid base64 (standard alphabet, padded, no
 * white space, no stray bits in the last character) or not valid UTF-8.
 */
export function decodeBase64(base64: string): string | null {
  return NodeBuffer ? decodeNode(NodeBuffer, base64) : decodePortable(base64);
}

function decodeNode(buffer: typeof Buffer, base64: string): string | null {
  // Buffer skips what is not base64; encoding the bytes again gives back only a canonical input.
  const bytes = buffer.from(base64, 'base64');
  if (bytes.toString('base64') !== base64) return null;
  return utf8(bytes);
}

/** `encodeBase64` without Buffer (what a browser runs). */
export function encodePortable(text: string): string {
  return encodeBytes(new TextEncoder().encode(text));
}

/** `decodeBase64` without Buffer (what a browser runs). */
export function decodePortable(base64: string): string | null {
  if (!BASE64_PATTERN.test(base64)) return null;
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // The same canonical rule as with Buffer: stray bits in the last character are refused.
  if (encodeBytes(bytes) !== base64) return null;
  return utf8(bytes);
}

function encodeBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
}
