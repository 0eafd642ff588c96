import { carConfig, HostConfig, parseHostFlags } from './host-config';
import { isHostCommand } from './host-protocol';

const readable = () => true;

describe(parseHostFlags.name, () => {
  it('takes the agent flags without --name, plus count, prefix and log level', () => {
    const parsed = parseHostFlags(
      ['--server-url', 'mqtt://127.0.0.1:1884', '--insecure', '--run-folder', '/tmp/run', '--count', '3', '--prefix', 'bench', '--tag', 'region=munich', '--log-level', 'error'],
      readable,
    ) as HostConfig;
    expect(parsed).toMatchObject({ count: 3, prefix: 'bench', logLevel: 'error', runRoot: '/tmp/run' });
    expect(parsed.base.tags).toEqual({ region: 'munich' });
  });

  it.each([
    [['--insecure', '--name', 'x'], 'takes no --name'],
    [['--insecure', '--count', '-1'], '--count must be'],
    [['--insecure', '--count', 'many'], '--count must be'],
    [['--insecure', '--prefix', 'bad prefix!'], 'makes invalid agent names'],
    [['--insecure', '--log-level', 'loud'], '--log-level must be'],
    [['--count', '2'], 'neither certificates'],
    [['--insecure', '--count'], '--count needs a value'],
  ])('rejects %j with a one-line reason', (argv, reason) => {
    const parsed = parseHostFlags(argv, readable);
    expect(parsed).toEqual({ error: expect.stringContaining(reason) });
  });

  it('gives each car its own name, run folder and merged tags', () => {
    const host = parseHostFlags(['--insecure', '--run-folder', '/tmp/run', '--tag', 'region=munich'], readable) as HostConfig;
    const car = carConfig(host, 'car-7', { model: 'van' }, 'driving');
    expect(car).toMatchObject({ name: 'car-7', runFolder: '/tmp/run/car-7', tags: { region: 'munich', model: 'van' }, initialVehicleState: 'driving' });
  });
});

describe(isHostCommand.name, () => {
  it.each([
    [{ type: 'add', name: 'car-1' }, true],
    [{ type: 'add', name: 'car-1', tags: { region: 'berlin' }, vehicleState: 'parked' }, true],
    [{ type: 'remove', name: 'car-1' }, true],
    [{ type: 'add', name: 'bad name' }, false],
    [{ type: 'add', name: 'car-1', tags: { region: 5 } }, false],
    [{ type: 'add', name: 'car-1', vehicleState: 'flying' }, false],
    [{ type: 'explode', name: 'car-1' }, false],
    ['add car-1', false],
    [null, false],
  ])('%j -> %s', (message, valid) => {
    expect(isHostCommand(message)).toBe(valid);
  });
});
