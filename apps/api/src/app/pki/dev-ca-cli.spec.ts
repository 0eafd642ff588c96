import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commonName } from './certificate-check';
import { DevCaUsageError, parseDevCaArgs, runDevCa } from './dev-ca-cli';

// Every certificate is an openssl process: slow on a busy machine.
jest.setTimeout(30_000);

describe('dev CA command line', () => {
  describe(parseDevCaArgs.name, () => {
    it('reads the folder, cars and clients', () => {
      expect(
        parseDevCaArgs([
          '--out',
          '/tmp/p',
          '--car',
          'car-1',
          '--client',
          'probe',
          '--car',
          'car-2',
        ]),
      ).toEqual({
        out: '/tmp/p',
        cars: ['car-1', 'car-2'],
        clients: ['probe'],
      });
    });

    it('asks for the usage text on --help', () => {
      expect(parseDevCaArgs(['--help'])).toBeNull();
    });

    it.each([
      [[], '--out is required'],
      [['--out'], '--out needs a value'],
      [['--out', '/tmp/p', '--bogus', 'x'], 'unknown argument --bogus'],
      [['--out', '/tmp/p', '--car', 'bad/name'], '--car bad/name'],
      [
        ['--out', '/tmp/p', '--car', 'fleet-api-2'],
        'the car id fleet-api-2 is reserved',
      ],
      [
        ['--out', '/tmp/p', '--car', 'ank-server'],
        'the car id ank-server is reserved',
      ],
      [
        ['--out', '/tmp/p', '--client', 'server'],
        '--client server would overwrite',
      ],
    ])('refuses %j', (argv, message) => {
      expect(() => parseDevCaArgs(argv)).toThrow(DevCaUsageError);
      expect(() => parseDevCaArgs(argv)).toThrow(message);
    });
  });

  describe(runDevCa.name, () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fleet-dev-ca-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the CA, server, API, client and car certificates, then keeps them on a second run', () => {
      const options = { out: dir, cars: ['car-7'], clients: ['probe'] };
      const first = runDevCa(options);
      expect(
        first.map((line) => line.split(' ').slice(0, 2).join(' ')),
      ).toEqual([
        'created CA',
        'created ank-server',
        'created fleet-api',
        'created probe',
        'created car-7',
      ]);
      const car = new X509Certificate(
        readFileSync(join(dir, 'cars/car-7.crt')),
      );
      const ca = new X509Certificate(readFileSync(join(dir, 'ca.crt')));
      expect(commonName(car.subject)).toBe('car-7');
      expect(car.verify(ca.publicKey)).toBe(true);

      const second = runDevCa(options);
      expect(second.every((line) => line.startsWith('kept '))).toBe(true);
      expect(
        new X509Certificate(readFileSync(join(dir, 'cars/car-7.crt')))
          .fingerprint256,
      ).toBe(car.fingerprint256);
    });
  });
});
