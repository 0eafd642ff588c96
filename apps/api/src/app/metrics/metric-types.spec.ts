import { Counter, Histogram } from './metric-types';

describe(Counter.name, () => {
  it('adds up per label set regardless of label order', () => {
    const c = new Counter('fleet_updates_total', 'Updates.');
    c.inc({ kind: 'update', result: 'succeeded' });
    c.inc({ result: 'succeeded', kind: 'update' }, 2);
    c.inc({ kind: 'update', result: 'failed' });
    expect(c.family().samples.map((s) => s.value)).toEqual([3, 1]);
  });

  it('counts a shared frozen label set and an equal plain one as the same series', () => {
    const c = new Counter('x_total', 'X.');
    const shared = Object.freeze({ direction: 'in', family: 'cars' });
    c.inc(shared);
    c.inc(shared, 2);
    c.inc({ family: 'cars', direction: 'in' });
    c.inc(Object.freeze({ direction: 'out', family: 'cars' }));
    expect(c.family().samples).toEqual([
      { labels: { direction: 'in', family: 'cars' }, value: 4 },
      { labels: { direction: 'out', family: 'cars' }, value: 1 },
    ]);
  });

  it('folds label sets past its bound into one overflow series', () => {
    const c = new Counter('x_total', 'X.');
    for (let i = 0; i < 1005; i++) c.inc({ id: String(i) });
    const samples = c.family().samples;
    expect(samples).toHaveLength(1001);
    expect(samples.find((s) => s.labels['overflow'] === 'true')?.value).toBe(5);
  });
});

describe(Histogram.name, () => {
  it('keeps cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram('lat_seconds', 'Latency.', [0.01, 0.1]);
    for (const v of [0.005, 0.05, 0.5]) h.observe({ route: '/cars' }, v);
    const lines = h
      .family()
      .samples.map((s) => [s.suffix, s.labels['le'], s.value]);
    expect(lines).toEqual([
      ['_bucket', '0.01', 1],
      ['_bucket', '0.1', 2],
      ['_bucket', '+Inf', 3],
      ['_sum', undefined, 0.555],
      ['_count', undefined, 3],
    ]);
  });
});
