import { isAnkaiosName, isReservedCarName } from '@fleet/shared/contracts';
import { API_MQTT_USERNAME } from '../../config/mqtt-security-config';

/** Who a connected client is: the API (may do everything) or one car (its own topics only). */
export type MqttIdentity = { kind: 'api' } | { kind: 'car'; carId: string };

/**
 * Car ids that can never be MQTT identities: the API's user (and names its client ids start with, which a
 * car could otherwise use to take over the API's session) and the server's certificate name.
 */
export function isReservedCarId(carId: string): boolean {
  return isReservedCarName(carId);
}

/** The identity a username (or certificate CN) stands for; null for anything else. */
export function identityOf(username: string | undefined): MqttIdentity | null {
  if (username === API_MQTT_USERNAME) return { kind: 'api' };
  if (!isAnkaiosName(username) || isReservedCarId(username)) return null;
  return { kind: 'car', carId: username };
}

export function describeIdentity(identity: MqttIdentity): string {
  return identity.kind === 'api' ? API_MQTT_USERNAME : `car ${identity.carId}`;
}
