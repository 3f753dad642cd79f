/**
 * The canonical fields of each kind of file, declared once (design handbook §4): a file's headers
 * are matched to these names, each is read as its type, a file must carry one field of each
 * required group, and the fact table stores the field in its fact column. Canonical field lists,
 * fact columns, field types, required fields and the export's columns are all derived from here,
 * so a new field is one line below (plus its conversion in kinds.ts when it is not plain).
 */

export const importKinds = ['deals', 'leads', 'spend', 'web', 'social', 'kpi_values'] as const;
export type ImportKind = (typeof importKinds)[number];
export type FactKindName = Exclude<ImportKind, 'kpi_values'>;

/** `count`: a whole number of things (sessions, deals, clicks…), which settles a decimal mark. */
export type FieldType = 'text' | 'money' | 'count' | 'number' | 'rate' | 'duration' | 'date';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** The fact table column that stores the field; null when it only feeds other columns. */
  fact: string | null;
  /** A file needs one of the fields that share this number; the groups are checked in its order. */
  required: number | null;
}

function field(
  name: string,
  type: FieldType = 'text',
  more: { fact?: string | null; required?: number } = {},
): FieldSpec {
  return { name, type, fact: more.fact === undefined ? name : more.fact, required: more.required ?? null };
}

/** `date` covers one day; `date_from` and `date_to` a range. Both end up as day_from..day_to. */
const span = (required?: number) => [
  field('date', 'date', { fact: null, required }),
  field('date_from', 'date', { fact: 'day_from', required }),
  field('date_to', 'date', { fact: 'day_to' }),
];

/** Per kind, in canonical order (the order of a canonical file's columns and the fact table's). */
export const kindFields: Record<ImportKind, readonly FieldSpec[]> = {
  deals: [
    field('external_id'),
    field('title'),
    field('owner'),
    field('team'),
    field('account'),
    field('source'),
    field('campaign'),
    field('stage'),
    field('status', 'text', { required: 1 }),
    field('amount', 'money', { fact: 'amount_e4' }),
    field('currency'),
    field('created_at', 'date', { fact: 'created_day' }),
    field('closed_at', 'date', { fact: 'closed_day' }),
    field('lead_external_id'),
  ],
  leads: [
    field('external_id'),
    field('created_at', 'date', { fact: 'created_day', required: 1 }),
    field('owner'),
    field('source'),
    field('campaign'),
    field('status'),
    field('mql_at', 'date', { fact: 'mql_day' }),
    field('sql_at', 'date', { fact: 'sql_day' }),
    field('converted_at', 'date', { fact: 'converted_day' }),
    field('deal_external_id'),
    field('disqualified_reason'),
    field('quality'),
  ],
  spend: [
    field('external_id'),
    ...span(2),
    field('source'),
    field('campaign'),
    field('kind'),
    field('amount', 'money', { fact: 'amount_e4', required: 1 }),
  ],
  web: [
    field('external_id'),
    ...span(1),
    field('source'),
    field('sessions', 'count'),
    field('users', 'count'),
    field('new_users', 'count'),
    field('engaged_sessions', 'count'),
    field('bounces', 'count'),
    field('total_duration_s', 'duration'),
    field('conversions', 'count'),
    // Rates and averages become the counts above, weighted by each row's sessions.
    field('bounce_rate', 'rate', { fact: null }),
    field('engagement_rate', 'rate', { fact: null }),
    field('avg_session_duration_s', 'duration', { fact: null }),
  ],
  social: [
    field('external_id'),
    ...span(1),
    field('platform'),
    field('impressions', 'count'),
    field('reach', 'count'),
    field('engagements', 'count'),
    field('clicks', 'count'),
    field('followers', 'count'),
    field('conversions', 'count'),
  ],
  // Manual KPI values are not facts: they go to kpi_values through their own writer.
  kpi_values: [
    field('kpi', 'text', { fact: null, required: 1 }),
    field('period', 'text', { fact: null, required: 2 }),
    field('scope', 'text', { fact: null }),
    field('value', 'number', { fact: null, required: 3 }),
    field('note', 'text', { fact: null }),
  ],
};

const byKind = <T>(f: (kind: ImportKind) => T) =>
  Object.fromEntries(importKinds.map((k) => [k, f(k)])) as Record<ImportKind, T>;

/** Canonical field names per kind; a file's headers are matched to these. */
export const canonicalFields: Record<ImportKind, readonly string[]> = byKind((k) =>
  kindFields[k].map((f) => f.name),
);

/** Columns of the fact table per kind, in a fixed order (dimension columns hold names here). */
export const factColumns: Record<FactKindName, readonly string[]> = byKind((k) =>
  kindFields[k].flatMap((f) => (f.fact === null ? [] : [f.fact])),
);

/** Fields a file of each kind cannot do without (any one of each group). */
export const requiredFields: Record<ImportKind, readonly (readonly string[])[]> = byKind((k) => {
  const groups = new Map<number, string[]>();
  for (const f of kindFields[k])
    if (f.required !== null) groups.set(f.required, [...(groups.get(f.required) ?? []), f.name]);
  return [...groups].sort(([a], [b]) => a - b).map(([, names]) => names);
});

/** How each canonical field's cells are read; a name means the same in every kind. */
export const fieldTypes: Readonly<Record<string, FieldType>> = (() => {
  const types: Record<string, FieldType> = {};
  for (const f of importKinds.flatMap((k) => kindFields[k])) {
    if (types[f.name] && types[f.name] !== f.type)
      throw new Error(`field '${f.name}' is declared as both ${types[f.name]} and ${f.type}`);
    types[f.name] = f.type;
  }
  return types;
})();

export const fieldTypeOf = (name: string): FieldType => fieldTypes[name] ?? 'text';

/** Fact columns that hold a dimension's name in a fact record and its id in the table. */
export const dimensionColumns: Readonly<Record<string, { column: string; table: string }>> = {
  owner: { column: 'owner_id', table: 'people' },
  team: { column: 'team_id', table: 'teams' },
  source: { column: 'source_id', table: 'sources' },
  campaign: { column: 'campaign_id', table: 'campaigns' },
  platform: { column: 'platform_id', table: 'platforms' },
};
