export const MAX_REMEMBERED_DENIALS = 1000;
const MAX_TEXT = 120;

const clip = (text: string) =>
  text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}...` : text;

/**
 * Logs each refusal once per client, action and topic (a car retrying every second must not flood the log).
 * Remembers at most `limit` of them; the oldest is forgotten first.
 */
export class DenialLog {
  private readonly seen = new Set<string>();

  constructor(
    private readonly warn: (message: string) => void,
    private readonly limit = MAX_REMEMBERED_DENIALS,
  ) {}

  record(
    clientId: string,
    who: string,
    action: 'connect' | 'publish' | 'subscribe',
    detail: string,
  ): void {
    const key = [clip(clientId), action, clip(detail)].join('\u0000');
    if (this.seen.has(key)) return;
    if (this.seen.size >= this.limit) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(key);
    this.warn(
      `refused ${action} for ${who} (client ${clip(clientId)}): ${clip(detail)}`,
    );
  }

  get size(): number {
    return this.seen.size;
  }
}
