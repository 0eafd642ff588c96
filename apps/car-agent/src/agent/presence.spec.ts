import type { AgentStatusMessage } from '@fleet/shared/contracts';
import { FakeTransport } from '../testing/fake-transport';
import { MemoryLogger } from '../testing/memory-logger';
import { systemClock } from './clock';
import { Presence, PRESENCE_WAIT_MS } from './presence';

const TOPIC = 'fleet/cars/car-1/status';
const status = (overrides: Partial<AgentStatusMessage> = {}): AgentStatusMessage => ({
  name: 'car-1',
  online: true,
  instanceId: 'other',
  at: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

function setup() {
  const transport = new FakeTransport();
  const events = { reassert: jest.fn(), yieldName: jest.fn() };
  const presence = new Presence('car-1', 'me', (t) => transport.subscribe(t), systemClock, new MemoryLogger(), events);
  transport.onMessage((m) => presence.handle(m));
  transport.connect();
  return { transport, presence, events };
}

describe(Presence.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:05.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('finds the name free when nothing is retained, after the wait', async () => {
    const { presence, transport } = setup();
    const verdict = presence.check();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    await expect(verdict).resolves.toBe('free');
    expect(transport.subscriptions.has(TOPIC)).toBe(true);
  });

  it('finds the name taken when another instance is retained online', async () => {
    const { presence, transport } = setup();
    transport.retained.set(TOPIC, JSON.stringify(status()));
    await expect(presence.check()).resolves.toBe('taken');
  });

  it.each([
    ['offline', status({ online: false })],
    ['its own earlier announcement', status({ instanceId: 'me' })],
  ])('finds the name free at once when the retained status is %s', async (_what, retained) => {
    const { presence, transport } = setup();
    transport.retained.set(TOPIC, JSON.stringify(retained));
    await expect(presence.check()).resolves.toBe('free');
  });

  it('finds the name taken when another instance announces itself during the wait', async () => {
    const { presence, transport } = setup();
    const verdict = presence.check();
    transport.deliver(TOPIC, JSON.stringify(status()));
    await expect(verdict).resolves.toBe('taken');
  });

  it('announces again when another instance goes offline after we announced', async () => {
    const { presence, transport, events } = setup();
    const verdict = presence.check();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    await verdict;
    presence.markAnnounced(presence.status(true));
    transport.deliver(TOPIC, JSON.stringify(status({ online: false })), false);
    expect(events.reassert).toHaveBeenCalledTimes(1);
  });

  it('announces again when the late last will of its own earlier connection arrives', async () => {
    const { presence, transport, events } = setup();
    const verdict = presence.check();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    await verdict;
    presence.markAnnounced(presence.status(true));
    transport.deliver(TOPIC, JSON.stringify(status({ instanceId: 'me' })));
    expect(events.reassert).not.toHaveBeenCalled();
    transport.deliver(TOPIC, JSON.stringify(status({ instanceId: 'me', online: false })));
    expect(events.reassert).toHaveBeenCalledTimes(1);
  });

  it('yields to an instance that announced earlier, and only to that one', async () => {
    const { presence, transport, events } = setup();
    const verdict = presence.check();
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    await verdict;
    presence.markAnnounced(presence.status(true));
    transport.deliver(TOPIC, JSON.stringify(status({ at: '2026-03-01T10:00:09.000Z' })));
    expect(events.yieldName).not.toHaveBeenCalled();
    transport.deliver(TOPIC, JSON.stringify(status({ at: '2026-03-01T10:00:01.000Z' })));
    expect(events.yieldName).toHaveBeenCalledTimes(1);
  });

  it('drops a malformed status message', async () => {
    const { presence, transport } = setup();
    const verdict = presence.check();
    transport.deliver(TOPIC, '{"online": true}', true);
    await jest.advanceTimersByTimeAsync(PRESENCE_WAIT_MS);
    await expect(verdict).resolves.toBe('free');
  });
});
