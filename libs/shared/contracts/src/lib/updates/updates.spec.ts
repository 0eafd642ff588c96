import { validateSync } from 'class-validator';
import { isModelCompatible, parseCompatibleModels } from './fleet-version';
import { BulkUpdateDto } from './update.dto';

describe(isModelCompatible.name, () => {
  it('matches a model by its name or its body type, and everything with * or no list', () => {
    expect(isModelCompatible('atlas-sedan', ['sedan', 'suv'])).toBe(true);
    expect(isModelCompatible('cirrus-van', ['sedan', 'suv'])).toBe(false);
    expect(isModelCompatible('cirrus-van', ['cirrus-van'])).toBe(true);
    expect(isModelCompatible('cirrus-van', ['*'])).toBe(true);
    expect(isModelCompatible('cirrus-van', [])).toBe(true);
  });

  it('reads the comma-separated annotation', () => {
    expect(parseCompatibleModels(' sedan, suv ,,')).toEqual(['sedan', 'suv']);
    expect(parseCompatibleModels(undefined)).toEqual([]);
  });
});

describe(BulkUpdateDto.name, () => {
  const errorsOf = (plain: Record<string, unknown>) =>
    validateSync(Object.assign(new BulkUpdateDto(), plain)).map(
      (e) => e.property,
    );

  it('accepts car ids or a filter of region and version', () => {
    expect(errorsOf({ carIds: ['munich-1'], version: '1.2.4' })).toEqual([]);
    expect(
      errorsOf({
        filter: { region: 'munich', version: '1.2.3' },
        version: '1.2.4',
      }),
    ).toEqual([]);
  });

  it('refuses a filter with other keys or bad values, and bad car ids', () => {
    expect(
      errorsOf({
        filter: { region: 'munich', colour: 'red' },
        version: '1.2.4',
      }),
    ).toEqual(['filter']);
    expect(
      errorsOf({ filter: { region: 'Not A Region' }, version: '1.2.4' }),
    ).toEqual(['filter']);
    expect(errorsOf({ carIds: ['bad id!'], version: 'x y' })).toEqual([
      'carIds',
      'version',
    ]);
  });
});
