import { describe, expect, it } from 'vitest';
import { MAX_HELD_CANDIDATES, TotalsBySum } from './totals.js';

const exact = () => 1e-9;
const columns = [
  'day_from',
  'sessions',
  'users',
  'impressions',
  'reach',
  'clicks',
  'conversions',
  'followers',
];
const lines = (rows: { line: number }[]) => rows.map((r) => r.line);

describe('unlabelled totals rows are told from data by their sums', () => {
  it('a row equal to the sum of the others is a total; a small unlabelled row is data', () => {
    const t = new TotalsBySum<null>(columns, exact);
    t.addData({ sessions: 845, day_from: 20120 });
    t.addData({ sessions: 544, day_from: 20120 });
    t.hold({ line: 3, fact: { sessions: 13, day_from: 20120 }, payload: null });
    t.hold({ line: 9, fact: { sessions: 1402, day_from: 20120 }, payload: null });
    const d = t.decide();
    expect(lines(d.totals)).toEqual([9]);
    expect(lines(d.data)).toEqual([3]);
  });

  it('distinct counts (users, reach) are not compared; a column no data row has is not either', () => {
    const t = new TotalsBySum<null>(columns, exact);
    t.addData({ impressions: 600, reach: 400 });
    t.addData({ impressions: 300, reach: 263 });
    t.hold({ line: 2, fact: { impressions: 900, reach: 635, conversions: 12 }, payload: null });
    expect(lines(t.decide().totals)).toEqual([2]);
  });

  it('a row of zeros beside zeros, or a row with nothing to compare, stays data', () => {
    const t = new TotalsBySum<null>(columns, exact);
    t.addData({ clicks: 0 });
    t.hold({ line: 2, fact: { clicks: 0 }, payload: null });
    t.hold({ line: 3, fact: { followers: 10 }, payload: null });
    expect(lines(t.decide().data)).toEqual([2, 3]);
  });

  it('a file of many unlabelled rows releases them as data instead of holding them all', () => {
    const t = new TotalsBySum<number>(columns, exact);
    for (let i = 0; i < MAX_HELD_CANDIDATES; i++)
      expect(t.hold({ line: i + 2, fact: { sessions: 1 }, payload: i })).toEqual([]);
    const released = t.hold({ line: MAX_HELD_CANDIDATES + 2, fact: { sessions: 1 }, payload: -1 });
    expect(released).toHaveLength(MAX_HELD_CANDIDATES + 1);
    expect(t.hold({ line: 0, fact: { sessions: 1 }, payload: -2 })).toHaveLength(1);
    expect(t.decide()).toEqual({ totals: [], data: [] });
  });
});
