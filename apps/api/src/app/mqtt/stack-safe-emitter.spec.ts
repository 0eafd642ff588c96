import { Aedes } from 'aedes';
import { makeStackSafe } from './stack-safe-emitter';

interface Bus {
  on(
    topic: string,
    notify: (message: { topic: string; n: number }, done: () => void) => void,
  ): void;
  emit(message: { topic: string; n: number }): void;
}

/** aedes' own bus with `slots` deliveries at once: `slots` slow messages fill it, then `queued` quick ones wait. */
async function crowdedBus(slots: number, queued: number, stackSafe: boolean) {
  const broker = await Aedes.createBroker({ concurrency: slots });
  const bus = (broker as unknown as { mq: Bus }).mq;
  if (stackSafe) makeStackSafe(bus);
  const held: (() => void)[] = [];
  const order: number[] = [];
  bus.on('slow', (_, done) => held.push(done));
  bus.on('quick', (message, done) => {
    order.push(message.n);
    done();
  });
  for (let n = 0; n < slots; n++) bus.emit({ topic: 'slow', n });
  for (let n = 0; n < queued; n++) bus.emit({ topic: 'quick', n });
  const release = () => held.splice(0).forEach((done) => done());
  const close = () =>
    new Promise<void>((resolve) => broker.close(() => resolve()));
  return { order, release, close };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

describe(makeStackSafe.name, () => {
  it('delivers a long queue whose deliveries complete at once, in order, where the plain bus overflows the stack', async () => {
    const plain = await crowdedBus(10, 5_000, false);
    expect(plain.release).toThrow(RangeError);
    await plain.close();

    const safe = await crowdedBus(10, 20_000, true);
    expect(safe.release).not.toThrow();
    await until(() => safe.order.length === 20_000);
    expect(safe.order).toHaveLength(20_000);
    expect(safe.order.every((n, i) => n === i)).toBe(true);
    await safe.close();
  });

  it('refuses a bus that is not the mqemitter it knows', () => {
    expect(() => makeStackSafe({ emit: () => undefined })).toThrow(/mqemitter/);
  });
});
