import { describe, expect, it } from 'vitest';
import { byteOrderMark, chunkDecoder, decodeWindows1252, InvalidUtf8Error, looksBinary } from './encoding.js';
import { looksNumeric, sniffDelimiter } from './sniff.js';
import {
  classifyAfterBlank,
  ColumnProfile,
  dateRangeFromPreamble,
  detectHeader,
  isTotalsLabel,
  preambleText,
} from './structure.js';

const records = (rows: string[][]) => rows.map((cells) => ({ cells }));

describe('encoding', () => {
  it('byte-order marks', () => {
    expect(byteOrderMark(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      encoding: 'utf-8-bom',
      length: 3,
    });
    expect(byteOrderMark(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', length: 2 });
    expect(byteOrderMark(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', length: 2 });
    expect(byteOrderMark(Buffer.from('Name,Amount'))).toBeNull();
  });

  it('Windows-1252 maps 0x80–0x9F to their characters, not to C1 controls', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x84, 0x92, 0x93, 0x94, 0x96, 0x9f, 0xa0, 0xe9]))).toBe(
      '\u20ac\u201e\u2019\u201c\u201d\u2013\u0178\u00a0\u00e9',
    );
    // Bytes Windows leaves undefined keep their C1 code points, as browsers do.
    expect(decodeWindows1252(Buffer.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe(
      '\u0081\u008d\u008f\u0090\u009d',
    );
  });

  it('strict UTF-8 stops at the first invalid byte, even split across chunks', () => {
    const d = chunkDecoder('utf-8', true);
    expect(d.decode(Buffer.from([0x4b, 0xc3]), false)).toBe('K');
    expect(d.decode(Buffer.from([0xb6, 0x6c, 0x6e]), false)).toBe('\u00f6ln');
    expect(() => d.decode(Buffer.from([0x41, 0x84]), false)).toThrow(InvalidUtf8Error);
  });

  it('binary: NUL bytes unless UTF-16 with a mark, or many control characters', () => {
    expect(looksBinary(Buffer.from('a,b\n1,2\n'), 'utf-8', false)).toBe(false);
    expect(looksBinary(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'utf-8', false)).toBe(true);
    expect(looksBinary(Buffer.from('a\0,\0b\0'), 'utf-16le', true)).toBe(false);
    expect(looksBinary(Buffer.from('a\u0001\u0002\u0003b\u0004\u0005'), 'utf-8', false)).toBe(true);
  });
});

describe('delimiter sniffing', () => {
  it('picks the most consistent column count, quotes respected', () => {
    expect(sniffDelimiter('Name,Amount\n"Acme; Inc","1,234"\nBudi,5\n', true)).toBe(',');
    expect(sniffDelimiter('Campaign;Spend\nPromo, Lebaran;1,5\nBrand;2,75\n', true)).toBe(';');
    expect(sniffDelimiter('Campaign\tImpr.\nPromo, Lebaran\t25,881\nBrand\t1,204\n', true)).toBe('\t');
    expect(sniffDelimiter('Name|Amount\nAcme, Inc|5\nFoo|6\n', true)).toBe('|');
  });

  it('ignores # lines, title lines and an unfinished last line', () => {
    const ga = '# Account: Toko, Batik; Sari\n# Start date: 20250101\nWeek;Users\n0001;5\n0002;6\n';
    expect(sniffDelimiter(ga, true)).toBe(';');
    expect(
      sniffDelimiter('Campaign report\n"July 8, 2025 - July 31, 2025"\nA,B,C\n1,2,3\n4,5,6\n7;8;9;1', false),
    ).toBe(',');
  });

  it('falls back to a comma for one-column files', () => {
    expect(sniffDelimiter('Email\nbudi@example.com\n', true)).toBe(',');
  });

  it('a sample cut inside a quoted field counts the lines above it', () => {
    const sample = 'Name;Note\nBudi;a\nSari;b\nAni;"long, long\nnote, with, commas, that, goes, on\n';
    expect(sniffDelimiter(sample, false)).toBe(';');
  });

  it('blank lines, and a quote that does not close its field, do not throw the count off', () => {
    expect(sniffDelimiter('Name;Amount\n\n\nBudi;1\n\n"Sari" Dewi;2\n"Ani"x, Tbk;3\n', true)).toBe(';');
  });
});

describe('cell classification', () => {
  it.each([
    '2.546',
    '"99,88%"'.replace(/"/g, ''),
    'US$\u00a00,00',
    '00:01:19',
    '2025-02-01',
    '1.08.2019',
    '-1',
    '< 10%',
    '(1.234)',
    'Rp 1.234.567',
    '0000',
    '40.0.2214.111',
    '1e-5',
  ])('%s looks numeric', (cell) => expect(looksNumeric(cell)).toBe(true));
  it.each(['Sessions', 'Jun 14 - Jun 20', 'INR', ' --', '', '12:00 AM', 'S10_1678', '(not set)'])(
    '%s does not',
    (cell) => expect(looksNumeric(cell)).toBe(false),
  );
});

describe('header detection', () => {
  it('skips title and date-range lines (Google Ads)', () => {
    expect(
      detectHeader(
        records([
          ['Campaign report'],
          ['July 8, 2025 - July 31, 2025'],
          ['Campaign', 'Cost', 'Impr.'],
          ['A', '1.00', '25,881'],
          ['Total: Account', '1.00', '25,881'],
        ]),
      ),
    ).toBe(2);
  });

  it('skips a metadata block and blank lines (Clarity)', () => {
    expect(
      detectHeader(
        records([
          ['Project name', 'Tee Fusion'],
          ['Date range', '02/01/2025 12:00 AM - 08/04/2025 11:59 PM'],
          [''],
          [''],
          ['Metric', 'Top pages', 'No. of sessions'],
          ['', 'https://example.com/', '196'],
          ['', 'https://example.com/a', '12'],
        ]),
      ),
    ).toBe(4);
  });

  it('skips # lines and does not look past the next # block (GA4 snapshot)', () => {
    expect(
      detectHeader(
        records([
          ['# Start date: 20250101'],
          ['Event name', 'Key events'],
          [''],
          ['# How well do you retain your users?'],
          ['Date', 'Week 0', 'Week 1'],
          ['Jun 14 - Jun 20', '73', '2'],
          ['Jun 21 - Jun 27', '71', '0'],
        ]),
      ),
    ).toBe(1);
  });

  it('one-cell footers do not outvote a short table (Salesforce)', () => {
    expect(
      detectHeader(
        records([
          ['Owner', 'Stage', 'Amount'],
          ['Budi', 'Won', '100'],
          [''],
          ['Grand Totals (1 records)'],
          [''],
          ['Confidential Information - Do Not Distribute'],
          ['Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.'],
        ]),
      ),
    ).toBe(0);
  });

  it('null when there is no table row', () => {
    expect(detectHeader(records([['# only'], [''], ['', '', '']]))).toBeNull();
  });
});

describe('totals rows', () => {
  it.each([
    'Total',
    'Totals',
    'Total: Campaigns',
    'Total: Account',
    'Grand Total',
    'Grand Totals (2 records)',
    'TOTAL',
    'Jumlah',
    'jumlah:',
    'Total keseluruhan',
    'Subtotal',
    'Sub-total',
    'Total (IDR)',
    'Total 2025',
    ' Total ',
  ])('%s is a totals label', (label) => expect(isTotalsLabel(label)).toBe(true));
  it.each([
    'Total Wine & More',
    'Totalindo',
    'Totally Awesome Ltd',
    'Jumlahku',
    'Subtotal Foods Ltd',
    'Net total',
    'Campaign',
  ])('%s is not', (label) => expect(isTotalsLabel(label)).toBe(false));
});

describe('after a blank line inside the table', () => {
  const headers = ['Browser', 'Version', 'Sessions'];
  const profile = new ColumnProfile();
  profile.add(['Chrome', '40.0', '2.546']);
  profile.add(['Safari', '8.0', '449']);

  it.each<[string[], string]>([
    [['Dagindex', 'Sessies'], 'stop'],
    [['# Start date: 20250101'], 'stop'],
    [['Confidential Information - Do Not Distribute'], 'stop'],
    [['Browser', 'Version', 'Sessions'], 'stop'],
    [['Day', 'Hits', 'Visitors'], 'stop'],
    [['Grand Totals (2 records)'], 'totals'],
    [['Firefox', '35.0', '120'], 'data'],
    [['', '', '7.374'], 'data'],
    [['17-09-14', '15'], 'data'],
  ])('%j → %s', (cells, verdict) => {
    expect(classifyAfterBlank(cells, headers, profile)).toBe(verdict);
  });
});

describe('preamble', () => {
  it('keeps # lines as written and unquotes title cells', () => {
    expect(preambleText(['# Account: Toko', ' Batik'], ',')).toBe('# Account: Toko, Batik');
    expect(preambleText(['Date range', '02/01/2025 - 02/28/2025', '', ''], ';')).toBe(
      'Date range;02/01/2025 - 02/28/2025',
    );
  });

  it('date range from GA4, UA, Google Ads and Clarity preambles', () => {
    expect(
      dateRangeFromPreamble([['# All Users'], ['# Start date: 20250201'], ['# End date: 20250804']]),
    ).toEqual({
      from: '2025-02-01',
      to: '2025-08-04',
    });
    expect(dateRangeFromPreamble([['# All Web Site Data'], ['# 20140101-20140131']])).toEqual({
      from: '2014-01-01',
      to: '2014-01-31',
    });
    expect(dateRangeFromPreamble([['Campaign report'], ['July 8, 2025 - July 31, 2025']])).toEqual({
      from: '2025-07-08',
      to: '2025-07-31',
    });
    expect(
      dateRangeFromPreamble([
        ['Project name', 'Tee Fusion'],
        ['Date range', '02/01/2025 12:00 AM - 08/04/2025 11:59 PM'],
      ]),
    ).toEqual({
      from: '2025-02-01',
      to: '2025-08-04',
    });
    expect(dateRangeFromPreamble([['Campaign report'], ['All time']])).toBeNull();
    expect(dateRangeFromPreamble([['# 2014*******']])).toBeNull();
  });
});
