import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../app.module';
import { withTimeout } from '../common/with-timeout';
import type { AppConfig } from '../config/app-config';
import { FleetMetrics, mqttMessageLabels } from '../metrics/fleet-metrics';
import { mqttMicroserviceOptions } from '../mqtt/microservice-options';
import { openBrokerEndpoint } from '../mqtt/open-broker';
import { configureHttp } from './configure-http';

const MQTT_CONNECT_WAIT_MS = 10_000;

export type AppFactory = (
  module: DynamicModule,
  logger: LoggerService,
) => Promise<NestExpressApplication>;

export interface FleetApp {
  app: NestExpressApplication;
  url: string;
  brokerUrl: string;
  close(): Promise<void>;
}

const nestFactory: AppFactory = (module, logger) =>
  NestFactory.create<NestExpressApplication>(module, { logger });

/** Broker (embedded unless MQTT_URL), Nest app, MQTT transport, HTTP: the whole API, started. */
export async function startFleetApp(
  config: AppConfig,
  logger: LoggerService,
  createApp = nestFactory,
): Promise<FleetApp> {
  warnAboutMissingAgentFiles(config, logger);
  const broker = await openBrokerEndpoint(config, logger);
  let app: NestExpressApplication | undefined;
  try {
    app = await createApp(AppModule.forRoot({ config, broker }), logger);
    const metrics = app.get(FleetMetrics);
    configureHttp(app, config, logger, metrics);
    const context = app;
    app.connectMicroservice(
      mqttMicroserviceOptions(
        broker,
        (topic) => metrics.mqttMessages.inc(mqttMessageLabels('in', topic)),
        (type) => context.get(type, { strict: false }),
      ),
    );
    // The transport resolves only once connected; a broker that is down must not stop the HTTP side.
    await withTimeout(
      app.startAllMicroservices(),
      MQTT_CONNECT_WAIT_MS,
      'connecting to the MQTT broker',
    ).catch((error: Error) =>
      logger.warn(
        `${error.message}; the API starts anyway and keeps reconnecting`,
        'Bootstrap',
      ),
    );
    await app.listen(config.port, config.host);
  } catch (error) {
    await (app ? app.close() : broker.close()).catch(() => undefined);
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  logger.log(
    `Fleet OTA console on ${url} (API /api, docs /api/docs)`,
    'Bootstrap',
  );
  const started = app;
  return {
    app: started,
    url,
    brokerUrl: broker.url,
    close: () => started.close(),
  };
}

function warnAboutMissingAgentFiles(
  config: AppConfig,
  logger: LoggerService,
): void {
  const { script, manifest } = config.agent;
  if (!existsSync(script))
    logger.warn(
      `AGENT_SCRIPT ${script} does not exist; cars cannot start (build car-agent)`,
      'Bootstrap',
    );
  if (!existsSync(manifest))
    logger.warn(`AGENT_MANIFEST ${manifest} does not exist`, 'Bootstrap');
}
