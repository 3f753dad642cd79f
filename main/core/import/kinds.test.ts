import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import { convertRow } from './kinds.js';

// Exports are parsed once, by their column readers: convertRow then gets day numbers and minor
// units instead of canonical text. Both must store the same fact and find the same problems.
describe('convertRow with values already parsed', () => {
  const text = {
    external_id: 'D-1',
    owner: 'Budi Santoso',
    status: 'won',
    amount: '1234567.89',
    created_at: '2026-01-05',
    closed_at: '2026-02-10',
  };
  const parsed = {
    ...text,
    amount: 123456789,
    created_at: dayFromIso('2026-01-05'),
    closed_at: dayFromIso('2026-02-10'),
  };

  it('stores the same deal as the canonical text', () => {
    const a = convertRow('deals', text);
    const b = convertRow('deals', parsed);
    expect(b.problems).toEqual([]);
    expect(b.fact).toEqual(a.fact);
    expect(b.fact.amount_minor).toBe(123456789);
  });

  it('refuses a day beyond the calendar (an Excel serial far out of range) and shows it as given', () => {
    const { problems } = convertRow('deals', { ...parsed, closed_at: 99_999_999 });
    expect(problems).toEqual([
      { column: 'closed_at', value: '99999999', expected: 'a date between the years 0000 and 9999' },
    ]);
  });

  it('names a date range that ends before it starts with the dates, not day numbers', () => {
    const { problems } = convertRow('spend', {
      amount: 1000,
      date_from: dayFromIso('2026-03-10'),
      date_to: dayFromIso('2026-03-01'),
    });
    expect(problems).toEqual([
      { column: 'date_to', value: '2026-03-01', expected: 'a date on or after date_from' },
    ]);
  });

  it('refuses amounts too large to count in whole cents', () => {
    const { problems } = convertRow('spend', { amount: 2 ** 60, date: dayFromIso('2026-03-01') });
    expect(problems[0]).toMatchObject({ column: 'amount', expected: 'an amount below 90 trillion' });
  });
});
