/**
 * Every MQTT topic the API and the car agents use. `fleet/cars/...` is our own telemetry;
 * `vehicle/...` is the Ankaios fleet-connector contract; `symphony/...` carries COA requests.
 */
export const CarTopics = {
  status: (id: string) => `fleet/cars/${id}/status`,
  hello: (id: string) => `fleet/cars/${id}/hello`,
  load: (id: string) => `fleet/cars/${id}/load`,
  vehicle: (id: string) => `fleet/cars/${id}/vehicle`,
  workloadStates: (id: string) => `fleet/cars/${id}/workload-states`,
  logs: (id: string) => `fleet/cars/${id}/logs`,
  command: (id: string) => `fleet/cars/${id}/command`,
  commandResponse: (id: string) => `fleet/cars/${id}/command/resp`,
} as const;

export const FleetConnectorTopics = {
  applyRequest: (vin: string) => `vehicle/${vin}/manifest/apply/req`,
  applyResponse: (vin: string) => `vehicle/${vin}/manifest/apply/resp`,
  deleteRequest: (vin: string) => `vehicle/${vin}/manifest/delete/req`,
  deleteResponse: (vin: string) => `vehicle/${vin}/manifest/delete/resp`,
  stateRequest: (vin: string) => `vehicle/${vin}/state/req`,
  stateResponse: (vin: string) => `vehicle/${vin}/state/resp`,
} as const;

export const SymphonyTopics = {
  request: (target: string) => `symphony/${target}/request`,
  response: (target: string) => `symphony/${target}/response`,
} as const;

/** Subscription patterns the API listens on (`+` = the car id). */
export const TopicPatterns = {
  status: CarTopics.status('+'),
  hello: CarTopics.hello('+'),
  load: CarTopics.load('+'),
  vehicle: CarTopics.vehicle('+'),
  workloadStates: CarTopics.workloadStates('+'),
  logs: CarTopics.logs('+'),
  commandResponse: CarTopics.commandResponse('+'),
  stateResponse: FleetConnectorTopics.stateResponse('+'),
  applyResponse: FleetConnectorTopics.applyResponse('+'),
  deleteResponse: FleetConnectorTopics.deleteResponse('+'),
  symphonyResponse: SymphonyTopics.response('+'),
} as const;

/** The car id in a topic whose second segment names it (`fleet/cars/<id>/...`, `vehicle/<id>/...`). */
export function carIdFromTopic(topic: string): string | null {
  const parts = topic.split('/');
  if (parts[0] === 'fleet' && parts[1] === 'cars') return parts[2] ?? null;
  if (parts[0] === 'vehicle' || parts[0] === 'symphony') return parts[1] ?? null;
  return null;
}
