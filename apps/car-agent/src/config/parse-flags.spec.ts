import { parseFlags, ParsedFlags } from './parse-flags';

const readable = (path: string) => !path.includes('missing');
const parse = (...argv: string[]) => parseFlags(argv, readable);
const base = ['--name', 'car-1', '--insecure'];

function errorOf(result: ParsedFlags): string {
  if (result.kind !== 'error') throw new Error(`expected an error, got ${result.kind}`);
  return result.message;
}

function configOf(result: ParsedFlags) {
  if (result.kind !== 'run') throw new Error(`expected a config, got ${JSON.stringify(result)}`);
  return result.config;
}

describe(parseFlags.name, () => {
  it('reads every flag', () => {
    const config = configOf(
      parse(
        '--name=car-7', '--server-url', 'mqtt://broker:1884', '--insecure', '--tag', 'region=berlin', '-t', 'model=suv',
        '--run-folder', '/var/run/car-7', '--manifest', 'base.yaml', '--vehicle-state', 'driving', '--sim-speed', '20',
      ),
    );
    expect(config).toEqual({
      name: 'car-7',
      serverUrl: 'mqtt://broker:1884',
      insecure: true,
      tls: null,
      mqttAuth: null,
      tags: { region: 'berlin', model: 'suv' },
      runFolder: '/var/run/car-7',
      manifestPath: 'base.yaml',
      initialVehicleState: 'driving',
      simSpeed: 20,
    });
  });

  it('applies the defaults', () => {
    const config = configOf(parse(...base));
    expect(config.serverUrl).toBe('mqtt://127.0.0.1:1883');
    expect(config.initialVehicleState).toBe('parked');
    expect(config.simSpeed).toBe(1);
    expect(config.manifestPath).toBeNull();
    expect(config.runFolder).toMatch(/ankaios[/\\]car-1_io$/);
  });

  it('accepts the short ank-agent flags', () => {
    const config = configOf(parse('-n', 'car-2', '-k', '-s', 'mqtt://h:1', '-r', '/tmp/x'));
    expect(config).toMatchObject({ name: 'car-2', insecure: true, serverUrl: 'mqtt://h:1', runFolder: '/tmp/x' });
  });

  it('takes certificates instead of --insecure for mqtts', () => {
    const config = configOf(parse('--name', 'car-1', '-s', 'mqtts://h:8883', '--ca_pem', 'ca', '--crt_pem', 'crt', '--key_pem', 'key'));
    expect(config.tls).toEqual({ caPem: 'ca', crtPem: 'crt', keyPem: 'key' });
    expect(config.insecure).toBe(false);
  });

  it('takes a password file, with the agent name as the default username', () => {
    expect(configOf(parse(...base, '--mqtt-password-file', '/run/car-1/pw')).mqttAuth).toEqual({ username: null, passwordFile: '/run/car-1/pw' });
    expect(configOf(parse(...base, '--mqtt-password-file', 'pw', '--mqtt-username', 'other')).mqttAuth).toEqual({ username: 'other', passwordFile: 'pw' });
    // Relative: inside the run folder, read at start (the file of each car of an agent host differs).
    expect(configOf(parse(...base, '--mqtt-password-file', 'missing-pw')).mqttAuth?.passwordFile).toBe('missing-pw');
  });

  it('takes the CA alone for mqtts when a password file identifies the agent', () => {
    const config = configOf(parse('--name', 'car-1', '-s', 'mqtts://h:8883', '--ca_pem', 'ca', '--mqtt-password-file', 'pw'));
    expect(config.tls).toEqual({ caPem: 'ca', crtPem: null, keyPem: null });
    expect(config.insecure).toBe(false);
  });

  it('answers help', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('-h', '--name', '!!')).toEqual({ kind: 'help' });
  });

  it.each([
    [['--insecure'], '--name is required'],
    [['--name', 'car.1', '--insecure'], '--name "car.1" must match'],
    [['--name', 'x'.repeat(64), '--insecure'], 'must match'],
    [['--name', 'car-1'], 'neither certificates'],
    [['--name', '--insecure'], '--name needs a value'],
    [[...base, '--tag'], '--tag needs a value'],
    [[...base, '--frobnicate'], 'unknown argument --frobnicate'],
    [[...base, 'stray'], 'unknown argument stray'],
    [[...base, '--insecure=yes'], '--insecure takes no value'],
    [[...base, '--server-url', 'not a url'], 'is not a URL'],
    [[...base, '--server-url', 'http://h:80'], 'must be mqtt:// or mqtts://'],
    [[...base, '--ca_pem', 'ca'], 'go together'],
    [['--name', 'c', '-s', 'mqtts://h', '--ca_pem', 'ca', '--crt_pem', 'c', '--mqtt-password-file', 'pw'], 'go together'],
    [[...base, '--mqtt-username', 'someone'], '--mqtt-username needs --mqtt-password-file'],
    [[...base, '--mqtt-password-file', '/run/missing-pw'], '--mqtt-password-file /run/missing-pw is not a readable file'],
    [[...base, '--mqtt-password-file'], '--mqtt-password-file needs a value'],
    [['--name', 'c', '--ca_pem', 'ca', '--mqtt-password-file', 'pw'], 'need an mqtts://'],
    [['--name', 'c', '-s', 'mqtts://h', '--ca_pem', 'missing-ca', '--crt_pem', 'c', '--key_pem', 'k'], '--ca_pem missing-ca is not a readable file'],
    [['--name', 'c', '-s', 'mqtts://h', '--insecure', '--ca_pem', 'a', '--crt_pem', 'c', '--key_pem', 'k'], 'exclude each other'],
    [['--name', 'c', '--ca_pem', 'a', '--crt_pem', 'c', '--key_pem', 'k'], 'need an mqtts://'],
    [[...base, '--tag', 'novalue'], 'must be key=value'],
    [[...base, '--tag', '=x'], 'must be key=value'],
    [[...base, '--tag', 'region=Munich City'], 'lower-case word'],
    [[...base, '--manifest', 'missing.yaml'], '--manifest missing.yaml is not a readable file'],
    [[...base, '--vehicle-state', 'flying'], 'must be parked or driving'],
    [[...base, '--sim-speed', 'fast'], '--sim-speed "fast"'],
    [[...base, '--sim-speed', '0'], '--sim-speed "0"'],
    [[...base, '--sim-speed', '5000'], 'at most 1000'],
  ])('refuses %j', (argv, reason) => {
    expect(errorOf(parse(...argv))).toContain(reason);
  });

  it('answers a single line for every error', () => {
    expect(errorOf(parse('--name', 'car-1'))).not.toContain('\n');
  });
});
