import { keepEqual } from './keep-equal';

describe(keepEqual.name, () => {
  it('keeps the previous object when the next holds the same JSON value', () => {
    const previous = { a: [1, { b: 'x' }], c: null };
    expect(keepEqual(previous, { c: null, a: [1, { b: 'x' }] })).toBe(previous);
  });

  it('takes the next object when anything differs, however deep', () => {
    const previous = { a: [1, { b: 'x' }], c: null };
    const next = { a: [1, { b: 'y' }], c: null };
    expect(keepEqual(previous, next)).toBe(next);
    const longer = { a: [1, { b: 'x' }, 2], c: null };
    expect(keepEqual(previous, longer)).toBe(longer);
    const extraKey = { ...previous, d: 1 };
    expect(keepEqual(previous, extraKey)).toBe(extraKey);
  });

  it('compares strings, numbers and null by value', () => {
    expect(keepEqual('1.2.3', '1.2.3')).toBe('1.2.3');
    expect(keepEqual<string | null>('1.2.3', null)).toBeNull();
    expect(keepEqual(0, 1)).toBe(1);
  });
});
