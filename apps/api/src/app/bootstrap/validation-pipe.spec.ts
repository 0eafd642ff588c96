import { BadRequestException } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import {
  CreateRolloutDto,
  CreateVersionDto,
  AuditQueryDto,
  ListCarsQueryDto,
} from '@fleet/shared/contracts';
import { globalValidationPipe } from './validation-pipe';

const pipe = globalValidationPipe();

async function transformed<T>(
  metatype: new () => T,
  value: object,
  type: ArgumentMetadata['type'] = 'body',
): Promise<T> {
  return (await pipe.transform(value, { type, metatype })) as T;
}

async function errorsOf(
  metatype: ArgumentMetadata['metatype'],
  value: object,
): Promise<string[]> {
  try {
    await pipe.transform(value, { type: 'body', metatype });
    return [];
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

const component = () => ({
  name: 'nav',
  type: 'ankaios-workload',
  properties: {
    'ankaios.runtime': 'podman',
    'ankaios.runtimeConfig': 'image: nav:1.2.5',
  },
  dependencies: ['map'],
});

const version = (overrides: object = {}) => ({
  version: '1.2.5',
  compatibleModels: ['sedan'],
  components: [component()],
  ...overrides,
});

describe(globalValidationPipe.name, () => {
  it('keeps each element of a list of components an object', async () => {
    const dto = await transformed(CreateVersionDto, version());
    expect(Array.isArray(dto.components?.[0])).toBe(false);
    expect({ ...dto.components?.[0] }).toEqual(component());
  });

  it('validates nested component fields and names them in the 400', async () => {
    const errors = await errorsOf(
      CreateVersionDto,
      version({
        components: [
          { ...component(), dependencies: 'map' },
          { type: 'x', extra: 1 },
        ],
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'components.0.dependencies must be an array',
        'components.1.name must be a string',
        'components.1.property extra should not exist',
      ]),
    );
  });

  it('names a list field that is not a list of objects', async () => {
    expect(
      await errorsOf(CreateVersionDto, version({ components: ['nav'] })),
    ).toEqual(expect.arrayContaining([expect.stringContaining('components')]));
  });

  it('keeps the stages and maintenance windows of a rollout objects', async () => {
    const dto = await transformed(CreateRolloutDto, {
      version: '1.2.4',
      stages: [{ selector: { region: 'munich' } }, { percent: 50 }],
      maintenanceWindows: [
        {
          region: 'munich',
          timeZone: 'Europe/Berlin',
          start: '01:00',
          end: '05:00',
        },
      ],
    });
    expect(dto.stages.map((s) => Array.isArray(s))).toEqual([false, false]);
    expect({ ...dto.stages[1] }).toEqual({ percent: 50 });
    expect(Array.isArray(dto.maintenanceWindows?.[0])).toBe(false);
  });

  it('names the rollout list field in a 400', async () => {
    const errors = await errorsOf(CreateRolloutDto, {
      version: '1.2.4',
      stages: [{ percent: 500 }],
    });
    expect(errors.join(' ')).toContain('stage');
  });

  it('still converts numeric query parameters', async () => {
    const query = await transformed(
      ListCarsQueryDto,
      { page: '2', pageSize: '10' },
      'query',
    );
    expect(query).toMatchObject({ page: 2, pageSize: 10 });
  });

  describe('a repeated query string', () => {
    it('gives an equal DTO of the same class each time, a separate copy per request', async () => {
      const freshPipe = globalValidationPipe();
      const run = () =>
        freshPipe.transform(
          { region: 'munich', page: '3', pageSize: '50' },
          { type: 'query', metatype: ListCarsQueryDto },
        ) as Promise<ListCarsQueryDto>;
      const first = await run();
      const second = await run();
      expect(second).toBeInstanceOf(ListCarsQueryDto);
      expect(second).toEqual(first);
      expect(second).toMatchObject({ region: 'munich', page: 3, pageSize: 50 });
      second.page = 7;
      expect((await run()).page).toBe(3);
    });

    it('refuses an invalid one every time with the same 400', async () => {
      const freshPipe = globalValidationPipe();
      const bad = () =>
        freshPipe.transform(
          { pageSize: '0', color: 'red' },
          { type: 'query', metatype: ListCarsQueryDto },
        );
      await expect(bad()).rejects.toThrow(BadRequestException);
      await expect(bad()).rejects.toThrow(BadRequestException);
    });

    it('does not mix up two DTO classes with the same query string', async () => {
      const freshPipe = globalValidationPipe();
      const query = { page: '2' };
      const cars = await freshPipe.transform(query, {
        type: 'query',
        metatype: ListCarsQueryDto,
      });
      const audit = await freshPipe.transform(query, {
        type: 'query',
        metatype: AuditQueryDto,
      });
      expect(cars).toBeInstanceOf(ListCarsQueryDto);
      expect(audit).toBeInstanceOf(AuditQueryDto);
    });
  });
});
