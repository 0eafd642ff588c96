import { deepEqual } from './object-path';

describe('deepEqual', () => {
  it('compares nested objects and arrays by value', () => {
    const a = { workloads: { nginx: { agent: 'car-1', tags: [{ key: 'k', value: 'v' }] } }, n: 1 };
    expect(deepEqual(a, JSON.parse(JSON.stringify(a)))).toBe(true);
    expect(deepEqual(a, { ...a, n: 2 })).toBe(false);
    expect(deepEqual(a, { workloads: { nginx: { agent: 'car-1', tags: [{ key: 'k', value: 'w' }] } }, n: 1 })).toBe(false);
    expect(deepEqual([1, [2, 3]], [1, [2, 3]])).toBe(true);
    expect(deepEqual([1, [2, 3]], [1, [2, 3, 4]])).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });

  it('treats a key holding undefined as absent, on either side', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(true);
    expect(deepEqual({ a: 1, b: null }, { a: 1 })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });

  it('needs the same keys, not only as many', () => {
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(deepEqual({}, {})).toBe(true);
  });

  it('tells arrays, objects, null and primitives apart', () => {
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual({}, [])).toBe(false);
    expect(deepEqual({ 0: 'x' }, ['x'])).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual({}, null)).toBe(false);
    expect(deepEqual(null, undefined)).toBe(false);
    expect(deepEqual('1', 1)).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(false);
  });

  it('counts own keys only', () => {
    const inherited = Object.create({ extra: 1 }) as Record<string, unknown>;
    inherited['a'] = 1;
    expect(deepEqual(inherited, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, inherited)).toBe(true);
  });
});
