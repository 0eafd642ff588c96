import { escapeLabelValue, formatValue, renderFamilies, renderFamily } from './prometheus-text';
import type { MetricFamily } from './prometheus-text';

const family = (over: Partial<MetricFamily> = {}): MetricFamily => ({
  name: 'fleet_cars',
  help: 'Cars by status.',
  type: 'gauge',
  samples: [{ labels: { status: 'ok' }, value: 3 }],
  ...over,
});

describe('renderFamily', () => {
  it('writes HELP, TYPE and one line per sample with its labels', () => {
    expect(renderFamily(family())).toBe('# HELP fleet_cars Cars by status.\n# TYPE fleet_cars gauge\nfleet_cars{status="ok"} 3');
  });

  it('omits the braces of a sample without labels and appends the suffix', () => {
    expect(renderFamily(family({ samples: [{ labels: {}, value: 1, suffix: '_count' }] })).split('\n')[2]).toBe('fleet_cars_count 1');
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('spells infinities and NaN the Prometheus way', () => {
    expect([Infinity, -Infinity, NaN, 0.5].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '0.5']);
  });
});

describe('renderFamilies', () => {
  it('puts the families one after another and ends the exposition with a newline', () => {
    const text = renderFamilies([family(), family({ name: 'fleet_b', samples: [] })]);
    expect(text).toBe('# HELP fleet_cars Cars by status.\n# TYPE fleet_cars gauge\nfleet_cars{status="ok"} 3\n# HELP fleet_b Cars by status.\n# TYPE fleet_b gauge\n');
  });
});
