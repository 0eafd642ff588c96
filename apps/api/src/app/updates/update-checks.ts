import {
  ConflictException,
  HttpException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { isModelCompatible } from '@fleet/shared/contracts';
import type { CarView, FleetVersion } from '@fleet/shared/contracts';

/**
 * Why a car may not take a version now, or null: 422 for an incompatible model; 409 when an update
 * is in flight, when the car is not online, and when it is driving (updates apply only while parked).
 */
export function updateRefusal(
  car: CarView,
  version: FleetVersion,
  inFlight: boolean,
): HttpException | null {
  if (!isModelCompatible(car.model, version.compatibleModels))
    return new UnprocessableEntityException(
      `version ${version.version} is not compatible with car ${car.id} (model ${car.model}; compatible: ${version.compatibleModels.join(', ')})`,
    );
  if (inFlight)
    return new ConflictException(
      `car ${car.id} has an update in flight; wait until it finishes`,
    );
  if (car.connection !== 'online')
    return new ConflictException(
      `car ${car.id} is ${car.connection}; updates need the car online`,
    );
  if (car.vehicleState !== 'parked')
    return new ConflictException(
      `car ${car.id} is driving; updates apply only while parked`,
    );
  return null;
}
