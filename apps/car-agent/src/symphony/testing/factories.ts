import type { ComponentSpec, DeploymentSpec, WorkloadSpec } from '@fleet/shared/contracts';
import { decodeCoaResponse, encodeCoaRequest, serializeCoa } from '@fleet/shared/symphony/util';

export const TARGET = 'car-c1';
export const AGENT = 'c1';
export const FLEET = ['telematics', 'infotainment', 'adas'] as const;

export const image = (name: string, version: string) => `ghcr.io/fleet-ota/${name}:${version}`;

export function component(name: string, version: string, overrides: Partial<ComponentSpec> = {}): ComponentSpec {
  return {
    name,
    type: 'ankaios-workload',
    properties: {
      'ankaios.runtime': 'podman',
      'ankaios.restartPolicy': 'ALWAYS',
      'ankaios.runtimeConfig': `image: ${image(name, version)}\n`,
    },
    metadata: {},
    ...overrides,
  };
}

export function workload(name: string, version: string): WorkloadSpec {
  return { agent: AGENT, runtime: 'podman', restartPolicy: 'ALWAYS', runtimeConfig: `image: ${image(name, version)}\n` };
}

export function fleetWorkloads(version: string): Record<string, WorkloadSpec> {
  return Object.fromEntries(FLEET.map((n) => [n, workload(n, version)]));
}

export function deployment(version: string, components = FLEET.map((n) => component(n, version)), overrides: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return {
    solutionName: `fleet-v-${version}`,
    solution: { metadata: { name: `fleet-v-${version}`, namespace: 'default' }, spec: { rootResource: 'fleet', version, components } },
    instance: { metadata: { name: 'fleet-car-c1', namespace: 'default' }, spec: { solution: `fleet:${version}`, target: { name: TARGET } } },
    targets: { [TARGET]: { metadata: { name: TARGET }, spec: {} } },
    activeTarget: TARGET,
    generation: '1',
    jobID: '1',
    ...overrides,
  };
}

let counter = 0;

/** A COA request payload as the MQTT target provider publishes it. */
export function coaRequest(method: string, body: unknown, requestId = `req-${++counter}`, extra: { route?: string; target?: string } = {}): string {
  return serializeCoa(
    encodeCoaRequest({
      method,
      route: extra.route ?? 'instances',
      body,
      metadata: { 'request-id': requestId, 'active-target': extra.target ?? TARGET },
    }),
  );
}

export interface Answer {
  state: number;
  requestId: string | undefined;
  contentType: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function readAnswer(payload: string): Answer {
  const decoded = decodeCoaResponse(payload);
  if (!decoded.ok) throw new Error(`undecodable answer: ${decoded.error.message}`);
  const { envelope, bodyText } = decoded.value;
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  return { state: envelope.state, requestId: envelope.metadata?.['request-id'], contentType: envelope.contentType, text: bodyText, json };
}
