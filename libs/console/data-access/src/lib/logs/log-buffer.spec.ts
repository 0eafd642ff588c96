import { aLogLine } from '@fleet/console/testing';
import { appendBounded, appendNew, mergeHistory } from './log-buffer';

describe('log buffer', () => {
  it('keeps only the newest lines once full', () => {
    expect(appendBounded([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
    expect(appendBounded([1], [2], 4)).toEqual([1, 2]);
    expect(appendBounded([1], [2], 0)).toEqual([]);
  });

  it('puts live lines newer than the history after it and drops older duplicates', () => {
    const [h1, h2, l3] = [aLogLine(), aLogLine(), aLogLine()];
    expect(mergeHistory([h1, h2], [h2, l3], 10)).toEqual([h1, h2, l3]);
    expect(mergeHistory([], [l3], 10)).toEqual([l3]);
    expect(mergeHistory([h1, h2], [l3], 2)).toEqual([h2, l3]);
  });

  it('appends only lines it does not hold yet', () => {
    const [a, b, c] = [aLogLine(), aLogLine(), aLogLine()];
    expect(appendNew([a, b], [b, c], 10)).toEqual([a, b, c]);
    expect(appendNew([a, b], [a], 10)).toEqual([a, b]);
    expect(appendNew([a, b], [c], 2)).toEqual([b, c]);
  });
});
