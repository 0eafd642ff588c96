import { validate } from 'class-validator';
import { CreateCarDto } from './car.dto';

async function messages(body: object): Promise<string[]> {
  const dto = Object.assign(new CreateCarDto(), body);
  return (
    await validate(dto, { whitelist: true, forbidNonWhitelisted: true })
  ).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe(CreateCarDto.name, () => {
  it('accepts an Ankaios name', async () => {
    expect(await messages({ region: 'munich', name: 'car-7_b' })).toEqual([]);
    expect(await messages({ region: 'munich', name: 'my-fleet-api' })).toEqual(
      [],
    );
  });

  it.each(['fleet-api', 'fleet-api-2', 'ank-server'])(
    'refuses the reserved name %s, naming the field',
    async (name) => {
      expect(await messages({ region: 'munich', name })).toEqual([
        'name must not start with "fleet-api" or be "ank-server" (reserved on the broker)',
      ]);
    },
  );

  it('refuses a name outside the Ankaios alphabet', async () => {
    expect(await messages({ region: 'munich', name: 'car/1' })).toEqual([
      'name must match [a-zA-Z0-9_-]{1,63}',
    ]);
  });
});
