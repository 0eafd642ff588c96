import { randomBytes } from 'node:crypto';

/** Models the demo fleet and batch creation cycle through. */
export const CAR_MODELS = [
  'atlas-sedan',
  'borealis-suv',
  'cirrus-van',
] as const;
export const DEFAULT_CAR_MODEL = CAR_MODELS[0];

export type RandomHex = () => string;
const sixHex: RandomHex = () => randomBytes(3).toString('hex');

/** `munich-3f9a1c`: the region plus six random hex digits (a valid Ankaios agent name). */
export function generateCarId(
  region: string,
  random: RandomHex = sixHex,
): string {
  return `${region}-${random()}`;
}
