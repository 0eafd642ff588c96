import { RecentRows } from './recent-rows';

describe('RecentRows', () => {
  let now: number;
  let reads: number;
  let stored: Record<string, string>;
  const read = (key: string) => async () => {
    reads++;
    return stored[key];
  };

  beforeEach(() => {
    now = 0;
    reads = 0;
    stored = { alice: 'v1', bob: 'b1' };
  });

  it('answers a row read less than ttl ago without reading again, and re-reads after', async () => {
    const rows = new RecentRows<string>(1_000, 10, () => now);
    expect(await rows.get('alice', read('alice'))).toBe('v1');
    stored['alice'] = 'v2';
    now = 999;
    expect(await rows.get('alice', read('alice'))).toBe('v1');
    expect(reads).toBe(1);
    now = 1_000;
    expect(await rows.get('alice', read('alice'))).toBe('v2');
    expect(reads).toBe(2);
  });

  it('forget makes the next get read again at once', async () => {
    const rows = new RecentRows<string>(1_000, 10, () => now);
    await rows.get('alice', read('alice'));
    stored['alice'] = 'v2';
    rows.forget('alice');
    expect(await rows.get('alice', read('alice'))).toBe('v2');
  });

  it('does not keep a row whose read was in flight when a write forgot it', async () => {
    const rows = new RecentRows<string>(1_000, 10, () => now);
    let release: (value: string) => void = () => undefined;
    const slowRead = () => new Promise<string>((resolve) => (release = resolve));
    const inFlight = rows.get('alice', slowRead);
    rows.forget('alice');
    stored['alice'] = 'v2';
    release('v1');
    expect(await inFlight).toBe('v1');
    expect(await rows.get('alice', read('alice'))).toBe('v2');
  });

  it('keeps at most maxEntries rows, dropping the oldest', async () => {
    const rows = new RecentRows<string>(1_000, 1, () => now);
    await rows.get('alice', read('alice'));
    await rows.get('bob', read('bob'));
    expect(reads).toBe(2);
    await rows.get('bob', read('bob'));
    expect(reads).toBe(2);
    await rows.get('alice', read('alice'));
    expect(reads).toBe(3);
  });
});
