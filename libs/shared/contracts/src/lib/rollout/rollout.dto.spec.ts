import { validate } from 'class-validator';
import {
  maintenanceWindowsError,
  rolloutStagesError,
  stagePolicyError,
} from './definition-checks';
import { resolveStagePolicy } from './rollout-definition';
import { CreateRolloutDto, StagedRolloutDto } from './rollout.dto';

function createDto(
  overrides: Partial<CreateRolloutDto> = {},
): CreateRolloutDto {
  return Object.assign(new CreateRolloutDto(), {
    version: '1.2.4',
    stages: [{ selector: { region: 'munich' } }],
    ...overrides,
  });
}

async function messages(dto: object): Promise<string[]> {
  return (
    await validate(dto, { whitelist: true, forbidNonWhitelisted: true })
  ).flatMap((e) => Object.values(e.constraints ?? {}));
}

describe(CreateRolloutDto.name, () => {
  it('accepts a region-by-region rollout with policies, windows and approvals', async () => {
    const dto = createDto({
      stages: [
        { name: 'canary', percent: 10, policy: { soakSeconds: 60 } },
        { selector: { region: 'munich' } },
        { carIds: ['c1', 'c2'] },
      ],
      policy: { successThresholdPct: 90, onFailure: 'pause' },
      maintenanceWindows: [
        {
          region: 'munich',
          timeZone: 'Europe/Berlin',
          start: '22:00',
          end: '04:00',
          days: ['sat', 'sun'],
        },
      ],
      approvals: { start: true, revert: true },
      startAt: '2026-03-02T22:00:00Z',
    });
    expect(await messages(dto)).toEqual([]);
  });

  it('names what is wrong with a stage, a policy or a window', async () => {
    expect(await messages(createDto({ stages: [] }))).toEqual([
      'stages must list 1 to 20 stages',
    ]);
    expect(
      await messages(
        createDto({
          stages: [{ selector: { region: 'munich' }, batchSize: 2 }],
        }),
      ),
    ).toEqual([
      'stages[0] needs exactly one of selector, carIds, percent, batchSize',
    ]);
    expect(await messages(createDto({ policy: { soakSeconds: -1 } }))).toEqual([
      'policy.soakSeconds must be an integer from 0 to 604800',
    ]);
    expect(
      await messages(createDto({ selector: { colour: 'red' } as never })),
    ).toEqual(['selector has unknown field(s) colour']);
    expect(await messages(createDto({ version: '../etc' }))).toEqual([
      'version must look like "1.2.4"',
    ]);
  });
});

describe(rolloutStagesError.name, () => {
  it('refuses two stages of the same name, duplicate cars and bad shares', () => {
    expect(
      rolloutStagesError([
        { selector: { region: 'munich' } },
        { name: 'munich', percent: 50 },
      ]),
    ).toBe('stages[1]: stage name "munich" is used twice');
    expect(rolloutStagesError([{ carIds: ['a', 'a'] }])).toBe(
      'stages[0].carIds lists a car twice',
    );
    expect(rolloutStagesError([{ percent: 0 }])).toBe(
      'stages[0].percent must be an integer from 1 to 100',
    );
    expect(rolloutStagesError([{ selector: {} }])).toBe(
      'stages[0].selector must name at least one of region, model, version',
    );
  });
});

describe(maintenanceWindowsError.name, () => {
  it('checks the time zone, the times and one window per region', () => {
    const w = {
      region: 'munich',
      timeZone: 'Europe/Berlin',
      start: '01:00',
      end: '02:00',
    };
    expect(maintenanceWindowsError([w])).toBeNull();
    expect(maintenanceWindowsError([{ ...w, timeZone: 'Mars/Olympus' }])).toBe(
      'maintenanceWindows[0].timeZone must be an IANA time zone such as "Europe/Berlin"',
    );
    expect(maintenanceWindowsError([{ ...w, end: '25:00' }])).toBe(
      'maintenanceWindows[0].end must be HH:MM',
    );
    expect(maintenanceWindowsError([w, w])).toBe(
      'maintenanceWindows[1]: region munich has two windows',
    );
  });
});

describe(stagePolicyError.name, () => {
  it('refuses unknown rules and failure policies', () => {
    expect(stagePolicyError({ soak: 5 })).toBe(
      'policy has unknown field(s) soak',
    );
    expect(stagePolicyError({ onFailure: 'panic' })).toBe(
      'policy.onFailure must be one of rollback, pause, continue',
    );
  });
});

describe(StagedRolloutDto.name, () => {
  it('takes the seed body and refuses duplicate regions', async () => {
    const ok = Object.assign(new StagedRolloutDto(), {
      version: '1.2.4',
      regions: ['munich', 'berlin'],
      successWindowSeconds: 300,
    });
    expect(await messages(ok)).toEqual([]);
    const twice = Object.assign(new StagedRolloutDto(), {
      version: '1.2.4',
      regions: ['munich', 'munich'],
    });
    expect(await messages(twice)).toEqual([
      "All regions's elements must be unique",
    ]);
  });
});

describe(resolveStagePolicy.name, () => {
  it('defaults to the seed: a five-minute soak, everyone must succeed, roll back on failure', () => {
    expect(resolveStagePolicy()).toMatchObject({
      soakSeconds: 300,
      successThresholdPct: 100,
      errorThresholdPct: 0,
      onFailure: 'rollback',
    });
  });
});
