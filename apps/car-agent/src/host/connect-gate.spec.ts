import { FakeTransport } from '../testing/fake-transport';
import { ConnectGate } from './connect-gate';

describe(ConnectGate.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const setup = (max: number, slotMs = 10_000) => {
    const gate = new ConnectGate(max, slotMs);
    const real: FakeTransport[] = [];
    const open = () => gate.transport(() => {
      const t = new FakeTransport();
      real.push(t);
      return t;
    });
    return { gate, real, open };
  };

  it('opens at most `max` connections at once and the next one when a car connected', () => {
    const { gate, real, open } = setup(2);
    const [a, b, c] = [open(), open(), open()];
    expect(real).toHaveLength(2);
    expect(gate.queued).toBe(1);
    expect(c.connected).toBe(false);
    real[0].connect();
    expect(real).toHaveLength(3);
    expect(a.connected).toBe(true);
    expect(b.connected).toBe(false);
    real[0].connect(); // a reconnect frees nothing more
    expect(gate.inFlight).toBe(2);
  });

  it('gives a slot to the next car when a connection does not come up in time', () => {
    const { real, open } = setup(1, 10_000);
    open();
    open();
    expect(real).toHaveLength(1);
    jest.advanceTimersByTime(10_000);
    expect(real).toHaveLength(2);
  });

  it('hands listeners registered while waiting to the real client, and is offline until then', async () => {
    const { real, open } = setup(1);
    open();
    const waiting = open();
    const connects: string[] = [];
    const messages: string[] = [];
    waiting.onConnect(() => connects.push('up'));
    waiting.onMessage((m) => messages.push(m.topic));
    expect(await waiting.publish('t', 'x')).toBe(false);
    expect(await waiting.subscribe(['t'])).toBe(false);
    real[0].connect();
    real[1].connect();
    expect(connects).toEqual(['up']);
    expect(await waiting.subscribe(['t'])).toBe(true);
    real[1].deliver('t', 'x');
    expect(messages).toEqual(['t']);
    expect(await waiting.publish('t', 'x')).toBe(true);
    expect(await waiting.publish('t', 'sample', { qos: 0 })).toBe(true);
    expect(real[1].published.map((p) => [p.payload, p.qos])).toEqual([
      ['x', 1],
      ['sample', 0],
    ]);
  });

  it('drops a car that ends before its turn without ever connecting it', async () => {
    const { gate, real, open } = setup(1);
    open();
    const gone = open();
    await gone.end();
    expect(gate.queued).toBe(0);
    real[0].connect();
    expect(real).toHaveLength(1);
  });
});
