import { carView } from '../../testing/factories';
import { queryCars } from './car-query';

const fleet = [
  carView({ id: 'munich-a', region: 'munich', version: '1.2.3' }),
  carView({
    id: 'munich-b',
    region: 'munich',
    version: '1.2.4',
    vehicleState: 'driving',
  }),
  carView({
    id: 'berlin-a',
    region: 'berlin',
    version: '1.2.3',
    connection: 'offline',
  }),
  carView({
    id: 'berlin-b',
    region: 'berlin',
    version: null,
    connection: 'crashed',
  }),
  carView({ id: 'berlin-c', region: 'berlin', version: '1.2.3' }),
];
const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);

describe(queryCars.name, () => {
  it('pages in creation order and counts every match', () => {
    const second = queryCars(fleet, { page: 2, pageSize: 2 });

    expect(ids(second)).toEqual(['berlin-a', 'berlin-b']);
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
  });

  it('answers an empty page past the end', () => {
    expect(queryCars(fleet, { page: 9, pageSize: 2 })).toMatchObject({
      items: [],
      total: 5,
    });
  });

  it('filters by region, display status, connection, version and id substring together', () => {
    expect(ids(queryCars(fleet, { region: 'berlin' }))).toEqual([
      'berlin-a',
      'berlin-b',
      'berlin-c',
    ]);
    expect(ids(queryCars(fleet, { status: 'ok' }))).toEqual(['munich-b']);
    expect(ids(queryCars(fleet, { status: 'failed' }))).toEqual(['berlin-b']);
    expect(ids(queryCars(fleet, { connection: 'offline' }))).toEqual([
      'berlin-a',
    ]);
    expect(
      ids(queryCars(fleet, { version: '1.2.3', region: 'berlin' })),
    ).toEqual(['berlin-a', 'berlin-c']);
    expect(ids(queryCars(fleet, { search: 'A' }))).toEqual([
      'munich-a',
      'berlin-a',
    ]);
  });

  it('filters 10,000 cars quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      carView({ id: `car-${i}`, region: i % 2 ? 'munich' : 'berlin' }),
    );
    const started = performance.now();

    const page = queryCars(many, {
      region: 'munich',
      search: '99',
      page: 1,
      pageSize: 500,
    });

    expect(page.total).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
