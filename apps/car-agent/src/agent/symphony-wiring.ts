import { symphonyTargetName } from '@fleet/shared/contracts';
import type { Logger } from '../logging/logger';
import { SymphonyTargetAgent } from '../symphony';
import type { VehicleModel } from '../vehicle/vehicle-model';
import type { Clock } from './clock';
import type { ClusterPort } from './cluster-port';
import type { Outbox } from './outbox';

/** The car's Symphony target agent (Target `car-<id>`), answering COA requests on its own topics. */
export function createSymphonyTarget(
  carId: string,
  parts: { cluster: ClusterPort; vehicle: VehicleModel; outbox: Outbox; clock: Clock; logger: Logger },
): SymphonyTargetAgent {
  const { cluster, vehicle, outbox, clock, logger } = parts;
  return new SymphonyTargetAgent({
    targetName: symphonyTargetName(carId),
    agentName: carId,
    cluster,
    vehicle: { state: () => vehicle.state, onChange: (listener) => vehicle.onChange(listener) },
    publish: async (topic, payload) => {
      if (!(await outbox.sendText(topic, payload))) throw new Error(`publishing on ${topic} failed`);
    },
    clock: { setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (h) => clock.clearTimeout(h as ReturnType<Clock['setTimeout']>) },
    log: logger,
  });
}
