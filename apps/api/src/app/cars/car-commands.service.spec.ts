import { Logger } from '@nestjs/common';
import { CarTopics } from '@fleet/shared/contracts';
import { FakeClock } from '../../testing/fake-clock';
import { FakePublisher } from '../../testing/fake-publisher';
import { CarCommandsService, COMMAND_TIMEOUT_MS } from './car-commands.service';

function setup() {
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  const clock = new FakeClock();
  const publisher = new FakePublisher();
  return {
    clock,
    publisher,
    commands: new CarCommandsService(publisher, clock),
  };
}

const requestIdOf = (publisher: FakePublisher, at = 0) =>
  (publisher.published[at].payload as { requestId: string }).requestId;
const settle = () => new Promise((resolve) => setImmediate(resolve));
const park = { type: 'set-vehicle-state', state: 'parked' } as const;

describe(CarCommandsService.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends the command on the car’s command topic and resolves with the car’s answer to it', async () => {
    const { commands, publisher } = setup();
    const answer = commands.send('munich-000001', park);
    await settle();

    expect(publisher.published[0]).toMatchObject({
      topic: CarTopics.command('munich-000001'),
      payload: { type: 'set-vehicle-state', state: 'parked' },
    });
    const requestId = requestIdOf(publisher);
    // Another car's answer with the same id is not this one.
    expect(commands.resolve('munich-000002', { requestId, ok: true })).toBe(
      false,
    );
    expect(commands.resolve('munich-000001', { requestId, ok: true })).toBe(
      true,
    );
    await expect(answer).resolves.toEqual({ requestId, ok: true });
    expect(commands.inFlight).toBe(0);
  });

  it('answers 503 at once while the broker connection is down, publishing and queuing nothing', async () => {
    const { commands, publisher } = setup();
    publisher.isConnected = false;

    await expect(commands.send('munich-000001', park)).rejects.toMatchObject({
      status: 503,
      message: 'could not reach the broker to command car munich-000001',
    });
    expect(publisher.published).toEqual([]);
    expect(commands.inFlight).toBe(0);
  });

  it('keeps waiting for the answer when the broker confirms late, and takes it', async () => {
    const { commands, publisher } = setup();
    publisher.unacknowledged = true;
    const answer = commands.send('munich-000001', park);
    await settle();

    const requestId = requestIdOf(publisher);
    expect(commands.resolve('munich-000001', { requestId, ok: true })).toBe(
      true,
    );
    await expect(answer).resolves.toMatchObject({ ok: true });
    await settle();
    expect(publisher.withdrawn).toEqual([]);
  });

  it('answers 504 after the timeout and withdraws a command the broker never confirmed', async () => {
    const { commands, publisher, clock } = setup();
    publisher.unacknowledged = true;
    const answer = commands.send('munich-000001', park);
    const failed = expect(answer).rejects.toMatchObject({ status: 504 });
    await settle();

    clock.advance(COMMAND_TIMEOUT_MS);
    await failed;
    await settle();
    expect(publisher.withdrawn).toEqual([CarTopics.command('munich-000001')]);
    expect(commands.inFlight).toBe(0);
    // A late answer finds nobody waiting.
    expect(
      commands.resolve('munich-000001', {
        requestId: requestIdOf(publisher),
        ok: true,
      }),
    ).toBe(false);
  });
});
