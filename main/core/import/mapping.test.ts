import { describe, expect, it } from 'vitest';
import { planColumns } from './mapping.js';
import { detectPreset } from './presets.js';

// Header rows in the shapes of real exports (design handbook datasets README §2–§3).
const headers = {
  hubspot: [
    'Record ID',
    'Deal Name',
    'Deal Stage',
    'Amount',
    'Close Date',
    'Create Date',
    'Deal owner',
    'Pipeline',
  ],
  salesforce: [
    'Opportunity Owner',
    'Account Name',
    'Opportunity Name',
    'Stage',
    'Fiscal Period',
    'Amount',
    'Probability (%)',
    'Age',
    'Close Date',
    'Created Date',
    'Next Step',
    'Lead Source',
    'Type',
  ],
  pipedrive: [
    'Deal - ID',
    'Deal - Title',
    'Deal - Owner',
    'Deal - Value',
    'Deal - Currency',
    'Deal - Organization',
    'Deal - Stage',
    'Deal - Status',
    'Deal - Deal created',
    'Deal - Won time',
    'Deal - Lost time',
  ],
  maven: [
    'opportunity_id',
    'sales_agent',
    'product',
    'account',
    'deal_stage',
    'engage_date',
    'close_date',
    'close_value',
  ],
  ga4: [
    'Session primary channel group (Default Channel Group)',
    'Sessions',
    'Engaged sessions',
    'Engagement rate',
    'Average engagement time per session',
    'Events per session',
    'Event count',
    'Key events',
    'Session key event rate',
    'Total revenue',
  ],
  ua: [
    'Browser',
    'Browserversie',
    'Sessies',
    '% nieuwe sessies',
    'Nieuwe gebruikers',
    'Bouncepercentage',
    "Pagina's/sessie",
    'Gem. sessieduur',
    'Doelconversieratio',
    'Behaalde doelen',
    'Doelwaarde',
  ],
  meta: [
    'Campaign name',
    'Reach',
    'Impressions',
    'Frequency',
    'Currency',
    'Amount spent (INR)',
    'Link clicks',
    'CPC (cost per link click)',
    'Reporting starts',
    'Reporting ends',
  ],
  googleAds: [
    'Campaign status',
    'Campaign',
    'Budget',
    'Budget name',
    'Budget type',
    'Status',
    'Campaign type',
    'Impr.',
    'Interactions',
    'Currency code',
    'Cost',
    'Clicks',
    'Conversions',
  ],
  searchConsole: ['Date', 'Clicks', 'Impressions', 'CTR', 'Position'],
  instagram: [
    'Impressions',
    'From Home',
    'From Hashtags',
    'From Explore',
    'From Other',
    'Saves',
    'Comments',
    'Shares',
    'Likes',
    'Profile Visits',
    'Follows',
    'Caption',
    'Hashtags',
  ],
};

describe('presets recognise real exports by their headers', () => {
  it.each([
    ['hubspot', 'hubspot-deals'],
    ['salesforce', 'salesforce-opportunities'],
    ['pipedrive', 'pipedrive-deals'],
    ['maven', 'maven-pipeline'],
    ['ga4', 'ga4'],
    ['ua', 'universal-analytics'],
    ['meta', 'meta-ads'],
    ['googleAds', 'google-ads-campaign'],
    ['searchConsole', 'search-console'],
    ['instagram', 'instagram-insights'],
  ] as const)('%s → %s', (shape, preset) => {
    expect(detectPreset([...headers[shape]])?.name).toBe(preset);
  });

  it('canonical files need no preset', () => {
    expect(detectPreset(['external_id', 'status', 'amount', 'closed_at'])).toBeNull();
  });
});

describe('planning columns', () => {
  const index = (hs: readonly string[], h: string) => hs.indexOf(h);

  it('HubSpot: Deal Stage feeds both status and stage; Record ID is the external id', () => {
    const plan = planColumns('f.csv', 'deals', [...headers.hubspot]);
    expect(plan.fields.get('status')).toEqual([index(headers.hubspot, 'Deal Stage')]);
    expect(plan.fields.get('stage')).toEqual([index(headers.hubspot, 'Deal Stage')]);
    expect(plan.fields.get('external_id')).toEqual([0]);
    expect(plan.unused).toEqual(['Pipeline']);
  });

  it('Pipedrive: the won time, then the lost time, feed the close date', () => {
    const plan = planColumns('f.csv', 'deals', [...headers.pipedrive]);
    expect(plan.fields.get('closed_at')).toEqual([
      index(headers.pipedrive, 'Deal - Won time'),
      index(headers.pipedrive, 'Deal - Lost time'),
    ]);
  });

  it('Meta: the amount column is found by its currency pattern and the channel is set', () => {
    const plan = planColumns('f.csv', 'spend', [...headers.meta]);
    expect(plan.fields.get('amount')).toEqual([5]);
    expect(plan.constants).toEqual({ source: 'Meta Ads', kind: 'marketing' });
  });

  it('Instagram: engagements add up likes, comments, shares and saves', () => {
    const plan = planColumns('f.csv', 'social', [...headers.instagram]);
    expect(plan.sums.get('engagements')!.map((i) => headers.instagram[i])).toEqual([
      'Likes',
      'Comments',
      'Shares',
      'Saves',
    ]);
    expect(plan.constants.platform).toBe('Instagram');
  });

  it('--map wins, one header may feed several fields, --set adds constants', () => {
    const hs = ['Tanggal Tutup', 'Nilai', 'Status Deal', 'Sales'];
    const plan = planColumns('f.csv', 'deals', hs, {
      map: [
        'Tanggal Tutup=closed_at',
        'Tanggal Tutup=created_at',
        'Nilai=amount',
        'Status Deal=status',
        'Sales=owner',
      ],
      set: ['source=Pameran', 'currency=IDR'],
    });
    expect(plan.fields.get('closed_at')).toEqual([0]);
    expect(plan.fields.get('created_at')).toEqual([0]);
    expect(plan.constants).toEqual({ source: 'Pameran', currency: 'IDR' });
    expect(plan.unused).toEqual([]);
  });

  it('says what is wrong with a mapping', () => {
    expect(() => planColumns('f.csv', 'deals', ['A'], { map: ['B=amount'] })).toThrow(
      /f\.csv: --map names the column 'B', which the file does not have \(columns: A\)/,
    );
    expect(() => planColumns('f.csv', 'deals', ['A'], { map: ['A=revenue'] })).toThrow(
      /'revenue' is not a field; a deals file takes: external_id/,
    );
    expect(() => planColumns('f.csv', 'deals', ['A'], { set: ['source'] })).toThrow(
      /should look like field=value/,
    );
    expect(() => planColumns('f.csv', 'deals', ['A'], { preset: 'meta-ads' })).toThrow(
      /reads spend files, not deals/,
    );
    expect(() => planColumns('f.csv', 'deals', ['A'], { preset: 'excel' })).toThrow(
      /no preset 'excel'; presets: hubspot-deals/,
    );
  });

  it('headers named __proto__ or constructor are only text', () => {
    const plan = planColumns('f.csv', 'deals', ['__proto__', 'constructor', 'status']);
    expect(plan.fields.get('status')).toEqual([2]);
    expect(plan.unused).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});
