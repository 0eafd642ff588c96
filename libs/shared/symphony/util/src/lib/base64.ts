// Portable base64 of UTF-8 text (browser and Node globals only: btoa, atob, TextEncoder, TextDecoder).
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 with padding, as Go's encoding/json writes a `[]byte`. */
export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The UTF-8 text of a standard base64 string; null when it is not valid base64 or not valid UTF-8. */
export function decodeBase64(base64: string): string | null {
  if (!BASE64_PATTERN.test(base64)) return null;
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
