import {
  ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
} from '@nestjs/common';
import {
  CarLogsQueryDto,
  DEFAULT_PAGE_SIZE,
  FaultRuleDto,
  fieldMasksOf,
  FleetStateQueryDto,
  MAX_FIELD_MASKS,
  MAX_PAGE_SIZE,
} from '@fleet/shared/contracts';

// The options configureHttp gives the global pipe.
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: true },
});

async function errorsOf(
  metatype: ArgumentMetadata['metatype'],
  value: object,
  type: ArgumentMetadata['type'] = 'query',
): Promise<string> {
  try {
    await pipe.transform(value, { type, metatype });
    return '';
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return JSON.stringify(error.getResponse());
  }
}

describe('Ankaios API DTOs under the global ValidationPipe', () => {
  it('accepts one mask or a list of masks with `*` segments, and an agent name', async () => {
    expect(
      await errorsOf(FleetStateQueryDto, { mask: 'workloadStates.*.nav' }),
    ).toBe('');
    expect(
      await errorsOf(FleetStateQueryDto, {
        mask: ['desiredState', 'agents.car-1'],
        agent: 'car-1',
      }),
    ).toBe('');
    expect(fieldMasksOf('a')).toEqual(['a']);
    expect(fieldMasksOf(undefined)).toEqual([]);
  });

  it('rejects malformed masks, too many masks, bad agent names and unknown parameters', async () => {
    for (const mask of [
      '',
      'a..b',
      'a.b c',
      '.a',
      ['ok', 'no pe'],
      Array(MAX_FIELD_MASKS + 1).fill('a'),
    ])
      expect(await errorsOf(FleetStateQueryDto, { mask })).toContain(
        'mask must be',
      );
    expect(await errorsOf(FleetStateQueryDto, { agent: 'bad name' })).toContain(
      'agent must match',
    );
    expect(await errorsOf(FleetStateQueryDto, { other: '1' })).toContain(
      'property other should not exist',
    );
  });

  it('pages the fleet view: page ≥ 1, pageSize 1-500 (1 and DEFAULT_PAGE_SIZE when absent), a region key', async () => {
    expect(
      await errorsOf(FleetStateQueryDto, {
        page: '2',
        pageSize: String(MAX_PAGE_SIZE),
        region: 'munich',
      }),
    ).toBe('');
    const defaults = (await pipe.transform(
      {},
      { type: 'query', metatype: FleetStateQueryDto },
    )) as FleetStateQueryDto;
    expect([defaults.page, defaults.pageSize]).toEqual([1, DEFAULT_PAGE_SIZE]);
    for (const page of ['0', '-1', '1.5', 'one'])
      expect(await errorsOf(FleetStateQueryDto, { page })).toContain('page ');
    for (const pageSize of ['0', String(MAX_PAGE_SIZE + 1), '2.5'])
      expect(await errorsOf(FleetStateQueryDto, { pageSize })).toContain(
        'pageSize',
      );
    expect(await errorsOf(FleetStateQueryDto, { region: 'Munich' })).toContain(
      'region must be',
    );
  });

  it('takes a log tail of 1-1000 (200 when absent), an ISO instant and a workload name', async () => {
    expect(
      await errorsOf(CarLogsQueryDto, {
        tail: '1',
        since: '2026-01-01T00:00:00Z',
        workload: 'nav',
      }),
    ).toBe('');
    const defaults = (await pipe.transform(
      {},
      { type: 'query', metatype: CarLogsQueryDto },
    )) as CarLogsQueryDto;
    expect(defaults.tail).toBe(200);
    for (const tail of ['0', '1001', '2.5', 'ten'])
      expect(await errorsOf(CarLogsQueryDto, { tail })).toContain('tail');
    expect(await errorsOf(CarLogsQueryDto, { since: 'yesterday' })).toContain(
      'since must be',
    );
    expect(await errorsOf(CarLogsQueryDto, { workload: 'a/b' })).toContain(
      'workload must match',
    );
  });

  it('checks a fault rule: image glob, kind, probability 0..1, region and delay', async () => {
    const rule = {
      image: '*/telematics:1.2.4',
      fault: 'crash',
      probability: 0.5,
      region: 'munich',
      afterSeconds: 30,
    };
    const check = (patch: object) =>
      errorsOf(FaultRuleDto, { ...rule, ...patch }, 'body');
    expect(await check({})).toBe('');
    expect(await check({ image: 'bad image' })).toContain('image must be');
    expect(await check({ fault: 'explode' })).toContain('fault must be one of');
    expect(await check({ probability: 1.5 })).toContain(
      'probability must not be greater than 1',
    );
    expect(await check({ region: 'Munich' })).toContain('region must be');
    expect(await check({ afterSeconds: -1 })).toContain(
      'afterSeconds must not be less than 0',
    );
  });
});
