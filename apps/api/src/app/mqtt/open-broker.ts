import { readFileSync } from 'node:fs';
import { Logger, LoggerService } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import {
  API_MQTT_USERNAME,
  MqttSecuritySettings,
} from '../config/mqtt-security-config';
import { DevPki } from '../pki/dev-pki';
import type { BrokerEndpoint, MqttClientAuth } from './broker-endpoint';
import { startBrokerThread } from './broker-thread/broker-link';
import type { CredentialSink } from './broker-thread/broker-link';
import { startEmbeddedBroker } from './embedded-broker';
import type { BrokerTls, EmbeddedBroker } from './embedded-broker';
import { brokerHooks } from './security/broker-hooks';
import { MqttCredentialStore } from './security/credential-store';
import { DenialLog } from './security/denial-log';
import { newSecret } from './security/password-hash';

/** The embedded broker, secured as configured, or the external one at MQTT_URL; plus how everyone connects. */
export async function openBrokerEndpoint(
  config: AppConfig,
  logger: LoggerService,
): Promise<BrokerEndpoint> {
  const s = config.mqttSecurity;
  const summary = `security ${s.mode}, TLS ${s.tls ? 'on' : 'off'}`;
  if (config.mqttUrl) {
    logger.log(
      `MQTT broker (external) at ${config.mqttUrl}, ${summary}`,
      'Bootstrap',
    );
    return externalEndpoint(config.mqttUrl, s);
  }
  const endpoint = await embeddedEndpoint(
    config.mqttPort,
    s,
    config.brokerWorker,
  );
  const where = config.brokerWorker ? 'its own thread' : 'the API thread';
  logger.log(
    `MQTT broker (embedded, on ${where}) on ${endpoint.url}, ${summary}`,
    'Bootstrap',
  );
  return endpoint;
}

async function embeddedEndpoint(
  port: number,
  s: MqttSecuritySettings,
  workerScript: string | null,
): Promise<BrokerEndpoint> {
  const pki = s.tls ? new DevPki(s.pkiDir) : null;
  pki?.ensure(s.mode === 'mtls' ? [API_MQTT_USERNAME] : []);
  const password = s.password ?? newSecret();
  const tls: BrokerTls | undefined = pki
    ? {
        key: readFileSync(pki.server.keyFile),
        cert: readFileSync(pki.server.certFile),
        ca: readFileSync(pki.caFile),
        requestCert: s.mode === 'mtls',
      }
    : undefined;
  const { broker, store } = workerScript
    ? await brokerOnItsThread(workerScript, port, s, tls)
    : await brokerOnThisThread(port, s, tls);
  if (s.mode === 'password')
    store.set(
      API_MQTT_USERNAME,
      password,
      s.password === null ? 'generated' : 'chosen',
    );
  const settings = {
    ...s,
    username: API_MQTT_USERNAME,
    caFile: null,
    certFile: null,
    keyFile: null,
  };
  return {
    url: broker.url,
    embedded: true,
    subscribeLocal: broker.subscribeLocal,
    close: broker.close,
    client: apiClientAuth(settings, pki, password),
    security: {
      mode: s.mode,
      tls: s.tls,
      caFile: pki?.caFile ?? null,
      pki,
      store: s.mode === 'password' ? store : null,
      carSecretsDir: null,
    },
  };
}

function externalEndpoint(
  url: string,
  s: MqttSecuritySettings,
): BrokerEndpoint {
  // Car certificates always come from the development CA; the API's and the CA file only by default.
  const issuesCarCerts = s.mode === 'mtls' || (s.mode === 'none' && s.tls);
  const pki =
    issuesCarCerts || (s.tls && !s.caFile) ? new DevPki(s.pkiDir) : null;
  pki?.ensure(s.mode === 'mtls' && !s.certFile ? [API_MQTT_USERNAME] : []);
  return {
    url,
    embedded: false,
    close: async () => undefined,
    client: apiClientAuth(s, pki, s.password ?? ''),
    security: {
      mode: s.mode,
      tls: s.tls,
      caFile: s.tls ? (s.caFile ?? pki?.caFile ?? null) : null,
      pki,
      store: null,
      carSecretsDir: s.carSecretsDir,
    },
  };
}

function apiClientAuth(
  s: MqttSecuritySettings,
  pki: DevPki | null,
  password: string,
): MqttClientAuth {
  const auth: MqttClientAuth = {};
  const read = (file: string | null | undefined) =>
    file ? readFileSync(file) : undefined;
  if (s.mode === 'password')
    Object.assign(auth, { username: s.username, password });
  if (s.tls) auth.ca = read(s.caFile ?? pki?.caFile);
  if (s.mode === 'mtls') {
    const files =
      s.certFile && s.keyFile
        ? { certFile: s.certFile, keyFile: s.keyFile }
        : pki?.filesFor(API_MQTT_USERNAME);
    auth.cert = read(files?.certFile);
    auth.key = read(files?.keyFile);
  }
  return auth;
}

interface StartedBroker {
  broker: EmbeddedBroker;
  store: CredentialSink;
}

async function brokerOnThisThread(
  port: number,
  s: MqttSecuritySettings,
  tls: BrokerTls | undefined,
): Promise<StartedBroker> {
  const store = new MqttCredentialStore();
  const brokerLog = new Logger('MqttBroker');
  const denials = new DenialLog((message) => brokerLog.warn(message));
  const broker = await startEmbeddedBroker(port, {
    hooks:
      s.mode === 'none'
        ? undefined
        : brokerHooks({ mode: s.mode, store, denials }),
    tls,
  });
  return { broker, store };
}

/**
 * The broker in a worker thread: the cars' sockets, packets and acknowledgements no longer share the thread
 * that answers HTTP and WebSocket clients. If the thread dies the broker is gone: the API shuts down (exit 1)
 * rather than run without one.
 */
async function brokerOnItsThread(
  script: string,
  port: number,
  s: MqttSecuritySettings,
  tls: BrokerTls | undefined,
): Promise<StartedBroker> {
  const brokerLog = new Logger('MqttBroker');
  const broker = await startBrokerThread(
    script,
    { port, mode: s.mode, tls },
    {
      log: (level, message) =>
        level === 'warn' ? brokerLog.warn(message) : brokerLog.error(message),
      failed: (error) => {
        brokerLog.error(`${error.message}: the API shuts down`);
        process.exitCode = 1;
        process.kill(process.pid, 'SIGTERM');
      },
    },
  );
  return { broker, store: broker.credentials };
}
