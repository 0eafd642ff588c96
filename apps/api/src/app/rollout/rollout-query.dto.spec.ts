import { BadRequestException } from '@nestjs/common';
import {
  ListRolloutCarsQueryDto,
  ListRolloutsQueryDto,
} from '@fleet/shared/contracts';
import { globalValidationPipe } from '../bootstrap/validation-pipe';

const pipe = globalValidationPipe();

/** As a query string reaches a handler: every value a string, through the global pipe. */
async function query<T>(
  metatype: new () => T,
  value: Record<string, string>,
): Promise<T | string[]> {
  try {
    return (await pipe.transform(value, { type: 'query', metatype })) as T;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

describe(ListRolloutsQueryDto.name, () => {
  it('takes page, pageSize, status and version from a query string, with the cars list defaults', async () => {
    expect(
      await query(ListRolloutsQueryDto, {
        page: '2',
        pageSize: '10',
        status: 'running',
        version: '1.2.4',
      }),
    ).toMatchObject({ page: 2, pageSize: 10, status: 'running' });
    expect(await query(ListRolloutsQueryDto, {})).toMatchObject({
      page: 1,
      pageSize: 50,
    });
  });

  it('answers 400 naming the field that is wrong', async () => {
    expect(await query(ListRolloutsQueryDto, { pageSize: '501' })).toEqual([
      'pageSize must not be greater than 500',
    ]);
    expect(await query(ListRolloutsQueryDto, { page: 'x' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^page must/)]),
    );
    expect(await query(ListRolloutsQueryDto, { status: 'done' })).toEqual([
      expect.stringMatching(/^status must be one of/),
    ]);
    expect(await query(ListRolloutsQueryDto, { sort: 'name' })).toEqual([
      'property sort should not exist',
    ]);
  });
});

describe(ListRolloutCarsQueryDto.name, () => {
  it('takes a stage index and a bucket, and names a wrong one', async () => {
    expect(
      await query(ListRolloutCarsQueryDto, {
        stage: '1',
        bucket: 'interrupted',
      }),
    ).toMatchObject({ stage: 1, bucket: 'interrupted', page: 1 });
    expect(await query(ListRolloutCarsQueryDto, { bucket: 'lost' })).toEqual([
      expect.stringMatching(/^bucket must be one of/),
    ]);
    expect(await query(ListRolloutCarsQueryDto, { stage: '-1' })).toEqual([
      'stage must not be less than 0',
    ]);
  });

  it('takes a car-id text of up to 64 characters', async () => {
    expect(
      await query(ListRolloutCarsQueryDto, { q: 'munich-0' }),
    ).toMatchObject({ q: 'munich-0', page: 1 });
    expect(await query(ListRolloutCarsQueryDto, { q: 'x'.repeat(65) })).toEqual(
      ['q must be shorter than or equal to 64 characters'],
    );
  });
});
