import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import { convertRow, factColumns } from './kinds.js';
import { kindFields } from './fields.js';

// Exports are parsed once, by their column readers: convertRow then gets day numbers and
// ten-thousandths instead of canonical text. Both must store the same fact and find the same problems.
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
    amount: 12345678900,
    created_at: dayFromIso('2026-01-05'),
    closed_at: dayFromIso('2026-02-10'),
  };

  it('stores the same deal as the canonical text', () => {
    const a = convertRow('deals', text);
    const b = convertRow('deals', parsed);
    expect(b.problems).toEqual([]);
    expect(b.fact).toEqual(a.fact);
    expect(b.fact.amount_e4).toBe(12345678900);
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

  it('refuses amounts too large for 64-bit ten-thousandths', () => {
    const { problems } = convertRow('spend', { amount: 2n ** 63n, date: dayFromIso('2026-03-01') });
    expect(problems[0]).toMatchObject({ column: 'amount', expected: 'an amount below 922 trillion' });
    const text = convertRow('spend', { amount: '922337203685477.5808', date: dayFromIso('2026-03-01') });
    expect(text.problems[0]).toMatchObject({ column: 'amount', expected: 'an amount below 922 trillion' });
  });

  it('keeps a Rupiah amount past 2^53 ten-thousandths exact, as given or already parsed', () => {
    const a = convertRow('spend', { amount: '1000000000000.1234', date: dayFromIso('2026-03-01') });
    const b = convertRow('spend', { amount: 10_000_000_000_001_234n, date: dayFromIso('2026-03-01') });
    expect(a.fact.amount_e4).toBe(10_000_000_000_001_234n);
    expect(b.fact).toEqual(a.fact);
  });
});

// The fields are declared once (fields.ts); the writer stores a fact's columns in the declared
// order, so a field declared there must be converted here, and nothing else.
describe('convertRow and the declared fields', () => {
  it.each(['deals', 'leads', 'spend', 'web', 'social'] as const)(
    'fills exactly the declared fact columns of %s',
    (kind) => {
      const { fact } = convertRow(kind, {});
      expect(Object.keys(fact)).toEqual(factColumns[kind]);
    },
  );

  it.each(['deals', 'leads', 'spend', 'web', 'social'] as const)(
    'stores each plain field of %s in its declared fact column',
    (kind) => {
      for (const f of kindFields[kind]) {
        if (f.fact === null || f.type !== 'text' || ['status', 'kind', 'currency'].includes(f.name)) continue;
        expect(convertRow(kind, { [f.name]: 'Nilai' }).fact[f.fact]).toBe('Nilai');
      }
    },
  );
});
