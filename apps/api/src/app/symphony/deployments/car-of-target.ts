import type { CarView, SymphonyTarget } from '@fleet/shared/contracts';
import type { CarRegistry } from '../../cars/car-registry';

/** The car a Target stands for (its display name is the car id), or null for any other Target. */
export function carOfTarget(
  registry: CarRegistry,
  target: SymphonyTarget,
): CarView | null {
  const car = registry.get(target.spec?.displayName ?? '');
  return car && car.target === target.metadata.name ? car : null;
}
