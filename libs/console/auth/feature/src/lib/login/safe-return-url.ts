/** Only paths inside the console: `//host` and absolute URLs would send the user elsewhere after login. */
export function safeReturnUrl(value: string | null | undefined, fallback = '/cars'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/login')) return fallback;
  return value;
}
