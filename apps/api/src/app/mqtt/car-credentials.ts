import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrokerSecurity } from './broker-endpoint';
import { isReservedCarId } from './security/mqtt-identity';
import { newSecret } from './security/password-hash';

/** Files in the agent's run folder; the run folder goes when the car is deleted. */
export const PASSWORD_FILE = 'mqtt-password';
export const CERT_FILE = 'mqtt-client.crt';
export const KEY_FILE = 'mqtt-client.key';

export class CarCredentialsError extends Error {}

/**
 * Gives each agent its broker identity at spawn, through files in its run folder (0600) and never on the
 * command line or over MQTT: a fresh secret (`--mqtt-password-file`), or a certificate whose CN and SAN are
 * the car id (`--ca_pem --crt_pem --key_pem`). Provided by MqttModule from the broker endpoint.
 */
export class CarCredentials {
  constructor(private readonly security: BrokerSecurity | null) {}

  /** The agent's security flags (they replace `--insecure`); writes what they point to first. */
  argsFor(carId: string, runFolder: string): string[] {
    const s = this.security;
    if (!s || (s.mode === 'none' && !s.tls)) return ['--insecure'];
    if (isReservedCarId(carId))
      throw new CarCredentialsError(
        `the name ${carId} is reserved on the broker`,
      );
    mkdirSync(runFolder, { recursive: true, mode: 0o700 });
    if (s.mode !== 'password') return this.certificateArgs(s, carId, runFolder);
    const transport = s.tls ? ['--ca_pem', this.caFile(s)] : ['--insecure'];
    this.writeSecret(s, carId, runFolder);
    // Relative to the run folder: the same flags for every car, so that cars can share an agent host.
    return [...transport, '--mqtt-password-file', PASSWORD_FILE];
  }

  /** The car is gone: its secret stops working at once (embedded broker). */
  revoke(carId: string): void {
    this.security?.store?.remove(carId);
  }

  private certificateArgs(
    s: BrokerSecurity,
    carId: string,
    runFolder: string,
  ): string[] {
    if (!s.pki)
      throw new CarCredentialsError(
        'no development CA to issue car certificates',
      );
    const files = s.pki.clientCert(carId, {
      certFile: join(runFolder, CERT_FILE),
      keyFile: join(runFolder, KEY_FILE),
    });
    return [
      '--ca_pem',
      this.caFile(s),
      '--crt_pem',
      files.certFile,
      '--key_pem',
      files.keyFile,
    ];
  }

  private writeSecret(
    s: BrokerSecurity,
    carId: string,
    runFolder: string,
  ): void {
    let secret: string;
    if (s.store) {
      secret = newSecret();
      s.store.set(carId, secret, 'generated');
    } else {
      secret = this.provisionedSecret(s, carId);
    }
    const file = join(runFolder, PASSWORD_FILE);
    writeFileSync(file, secret, { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  private provisionedSecret(s: BrokerSecurity, carId: string): string {
    if (!s.carSecretsDir)
      throw new CarCredentialsError(
        'MQTT_CAR_SECRETS_DIR is not set; the external broker needs a secret per car',
      );
    try {
      return readFileSync(join(s.carSecretsDir, carId), 'utf8').trim();
    } catch {
      throw new CarCredentialsError(
        `no MQTT secret for ${carId} in MQTT_CAR_SECRETS_DIR`,
      );
    }
  }

  private caFile(s: BrokerSecurity): string {
    if (!s.caFile)
      throw new CarCredentialsError('TLS without a CA file for the agents');
    return s.caFile;
  }
}
