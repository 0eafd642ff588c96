import { RowCache } from './row-cache';

interface Row {
  id: string;
  n: number;
}

describe(RowCache.name, () => {
  it('answers undefined for a key never seen, then the row written or null for one known absent', () => {
    const cache = new RowCache<Row>(10);
    expect(cache.get('a')).toBeUndefined();

    cache.written('a', { id: 'a', n: 1 });
    cache.written('b', null);

    expect(cache.get('a')).toEqual({ id: 'a', n: 1 });
    expect(cache.get('b')).toBeNull();
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({
      hits: 2,
      misses: 1,
    });
  });

  it('shares one frozen row between the writer and every reader: none of them can change it', () => {
    const cache = new RowCache<{ id: string; n: number; tags: string[] }>(10);
    const written = { id: 'a', n: 1, tags: ['x'] };
    cache.written('a', written);
    expect(() => {
      written.n = 99;
    }).toThrow(TypeError);

    const first = cache.get('a') as { n: number; tags: string[] };
    expect(() => {
      first.n = 2;
    }).toThrow(TypeError);
    expect(() => first.tags.push('y')).toThrow(TypeError);

    expect(cache.get('a')).toBe(first);
    expect(first).toEqual({ id: 'a', n: 1, tags: ['x'] });
  });

  it('freezes a row read from the database when it keeps it', () => {
    const cache = new RowCache<{ id: string; tags: string[] }>(10);
    const read = { id: 'a', tags: ['x'] };
    cache.admitRead('a', read, cache.readStarted());

    expect(cache.get('a')).toBe(read);
    expect(() => read.tags.push('y')).toThrow(TypeError);
  });

  it('answers the new row after a write of a key already read', () => {
    const cache = new RowCache<Row>(10);
    cache.written('a', { id: 'a', n: 1 });
    const before = cache.get('a');

    cache.written('a', { id: 'a', n: 2 });

    expect(before).toEqual({ id: 'a', n: 1 });
    expect(cache.get('a')).toEqual({ id: 'a', n: 2 });
  });

  it('evicts the least recently used row beyond its capacity', () => {
    const cache = new RowCache<Row>(2);
    cache.written('a', { id: 'a', n: 1 });
    cache.written('b', { id: 'b', n: 2 });
    cache.get('a'); // a is now newer than b
    cache.written('c', { id: 'c', n: 3 });

    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ id: 'a', n: 1 });
    expect(cache.get('c')).toEqual({ id: 'c', n: 3 });
  });

  it('keeps a row read or written until half its capacity of other rows came in after that', () => {
    const cache = new RowCache<Row>(4);
    for (const id of ['a', 'b', 'c', 'd']) cache.written(id, { id, n: 0 });
    cache.get('a');
    cache.written('b', { id: 'b', n: 1 });

    cache.written('e', { id: 'e', n: 0 });
    cache.written('f', { id: 'f', n: 0 });

    expect(
      ['a', 'b', 'c', 'd', 'e', 'f'].filter(
        (id) => cache.get(id) !== undefined,
      ),
    ).toEqual(['a', 'b', 'e', 'f']);
  });

  it('keeps a read only when no write happened while it was read (the read may predate the write)', () => {
    const cache = new RowCache<Row>(10);
    const before = cache.readStarted();
    cache.written('a', { id: 'a', n: 2 });
    cache.admitRead('a', { id: 'a', n: 1 }, before);
    expect(cache.get('a')).toEqual({ id: 'a', n: 2 });

    const quiet = cache.readStarted();
    cache.admitRead('b', { id: 'b', n: 5 }, quiet);
    expect(cache.get('b')).toEqual({ id: 'b', n: 5 });
  });

  it('keeps a read while other keys were written (thousands of deployments write all the time)', () => {
    const cache = new RowCache<Row>(10);
    const started = cache.readStarted();
    cache.written('b', { id: 'b', n: 1 });
    cache.forget('c');
    cache.admitRead('a', { id: 'a', n: 7 }, started);
    expect(cache.get('a')).toEqual({ id: 'a', n: 7 });
  });

  it('drops a read that started before the record of writes was last cleared (it may have missed one)', () => {
    const cache = new RowCache<Row>(2);
    const started = cache.readStarted();
    cache.written('a', { id: 'a', n: 2 });
    cache.written('b', { id: 'b', n: 1 });
    cache.written('c', { id: 'c', n: 1 }); // the record of writes is full: cleared
    cache.admitRead('a', { id: 'a', n: 1 }, started);
    expect(cache.get('a')).toBeUndefined();
    const later = cache.readStarted();
    cache.admitRead('d', { id: 'd', n: 4 }, later);
    expect(cache.get('d')).toEqual({ id: 'd', n: 4 });
  });

  it('forgets a row whose write failed, so the next read asks the database', () => {
    const cache = new RowCache<Row>(10);
    cache.written('a', { id: 'a', n: 1 });
    const before = cache.readStarted();
    cache.forget('a');

    expect(cache.get('a')).toBeUndefined();
    cache.admitRead('a', { id: 'a', n: 0 }, before);
    expect(cache.get('a')).toBeUndefined();
  });
});
