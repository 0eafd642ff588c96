import { BadRequestException, ParseArrayPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { SimulationController } from './simulation.controller';

/** The pipe the controller puts on the PUT body. */
function bodyPipe(): ParseArrayPipe {
  const args = Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    SimulationController,
    'setFaultRules',
  ) as Record<string, { pipes: ParseArrayPipe[] }>;
  return Object.values(args)[0].pipes[0];
}

async function validate(body: unknown): Promise<string> {
  try {
    await bodyPipe().transform(body, { type: 'body', metatype: Array });
    return '';
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return JSON.stringify(error.getResponse());
  }
}

describe(SimulationController.name, () => {
  it('accepts a list of valid rules, an empty list included', async () => {
    expect(
      await validate([
        { image: '*', fault: 'crash', probability: 0.1, afterSeconds: 2 },
      ]),
    ).toBe('');
    expect(await validate([])).toBe('');
  });

  it('rejects a body that is not a list, and rules with bad or unknown fields, naming them', async () => {
    expect(await validate({ image: '*' })).not.toBe('');
    expect(
      await validate([{ image: '*', fault: 'melt', probability: 1 }]),
    ).toContain('fault');
    expect(
      await validate([{ image: '*', fault: 'crash', probability: 2 }]),
    ).toContain('probability');
    expect(
      await validate([
        { image: '*', fault: 'crash', probability: 1, colour: 'red' },
      ]),
    ).toContain('colour');
  });
});
