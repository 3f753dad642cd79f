import { z } from 'zod';

/** Locales the UI and the formatters support. The workspace locale drives number, money and date formats. */
export const Locale = z.enum(['id-ID', 'en-US']);
export type Locale = z.infer<typeof Locale>;

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected a three-letter ISO 4217 currency code such as IDR');

/** A calendar month `YYYY-MM`. Later grains (week, quarter, year, ranges) live in shared/kpi/periods. */
export const MonthPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month such as 2026-03');

export const WorkspaceSettings = z.object({
  name: z.string().min(1).max(200),
  locale: Locale,
  currency: CurrencyCode,
  /** 1 = January. A fiscal year named 2026 starts in this month of 2026. */
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  /** ISO weeks start on Monday; kept as a setting so reports can say so. */
  weekStart: z.literal('monday'),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const WorkspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  settings: WorkspaceSettings,
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const KpiUnit = z.enum(['money', 'count', 'percent', 'ratio', 'seconds', 'days']);
export type KpiUnit = z.infer<typeof KpiUnit>;

export const KpiDirection = z.enum(['higher', 'lower', 'band']);
export type KpiDirection = z.infer<typeof KpiDirection>;

export const KpiDefinition = z.object({
  code: z.string(),
  name: z.object({ id: z.string(), en: z.string() }),
  definition: z.object({ id: z.string(), en: z.string() }),
  unit: KpiUnit,
  direction: KpiDirection,
  rollup: z.enum(['sum', 'ratio', 'average', 'last', 'formula']),
});
export type KpiDefinition = z.infer<typeof KpiDefinition>;

export const KpiCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a KPI code such as revenue');

/** A finite number; JSON cannot carry NaN or Infinity and a KPI value never should. */
export const FiniteNumber = z.number().refine(Number.isFinite, 'expected a finite number');

export const ManualValue = z.object({
  kpi: KpiCode,
  period: MonthPeriod,
  value: FiniteNumber,
  note: z.string().max(2000).nullable(),
  updatedAt: z.string(),
});
export type ManualValue = z.infer<typeof ManualValue>;

export const DashboardTile = z.object({
  kpi: KpiCode,
  period: MonthPeriod,
  /** null = no data in that period (shown as "—"), never 0. */
  value: z.number().nullable(),
  previous: z.number().nullable(),
});
export type DashboardTile = z.infer<typeof DashboardTile>;

export const DashboardSeries = z.object({
  kpi: KpiCode,
  points: z.array(z.object({ period: MonthPeriod, value: z.number().nullable() })),
});
export type DashboardSeries = z.infer<typeof DashboardSeries>;

export const Dashboard = z.object({
  year: z.number().int(),
  tiles: z.array(DashboardTile),
  series: z.array(DashboardSeries),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const Grain = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export type Grain = z.infer<typeof Grain>;
export const ScopeDim = z.enum(['owner', 'team', 'source', 'campaign', 'platform']);
export type ScopeDim = z.infer<typeof ScopeDim>;
export const Scope = z.object({ dim: ScopeDim, name: z.string().min(1).max(200) });
export const KpiStatus = z.enum(['green', 'amber', 'red', 'grey']);

export const KpiRow = z.object({
  kpi: z.string(),
  period: z.string(),
  scope: z.record(z.string(), z.string().nullable()),
  value: z.number().nullable(),
  target: z.number().nullable(),
  achievement: z.number().nullable(),
  status: KpiStatus,
  origin: z.enum(['computed', 'manual']).nullable(),
  targetOrigin: z.enum(['set', 'months_sum', 'months_mean']).nullable(),
  allocated: z.boolean(),
  /** Asked for with `explain`: what a computed value comes from. */
  parts: z
    .object({
      shape: z.enum(['ratio', 'total', 'return']),
      parts: z.array(
        z.object({
          measure: z.string(),
          value: z.number(),
          unit: z.enum(['count', 'money', 'days', 'seconds']),
        }),
      ),
    })
    .nullable()
    .optional(),
});
export type KpiRow = z.infer<typeof KpiRow>;

export const TargetRevision = z.object({
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  reason: z.string().nullable(),
  changedAt: z.string(),
});

export const ImportKind = z.enum(['deals', 'leads', 'spend', 'web', 'social', 'kpi_values']);
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportSummary = z.object({
  batchId: z.number().int().nullable(),
  file: z.string(),
  kind: ImportKind,
  /** How the file was read: encoding and delimiter, or the sheet. */
  readAs: z.string(),
  preset: z.string().nullable(),
  read: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  rejectsFile: z.string().nullable(),
  skippedLines: z.number().int(),
  skippedTotals: z.number().int(),
  /** Why each skipped totals row was taken for one: line and rule (`label 'Total'`, or sums). */
  totalsRows: z.array(z.object({ line: z.number().int(), rule: z.string() })),
  moreTables: z.boolean(),
  duplicatesInFile: z.number().int(),
  ignoredColumns: z.array(z.string()),
  formats: z.array(
    z.object({ column: z.string(), field: z.string(), type: z.string(), format: z.string().nullable() }),
  ),
  dryRun: z.boolean(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** What the import wizard and the CLI may say about how to read a file. */
export const ImportOptions = z.object({
  kind: ImportKind,
  preset: z.string().optional(),
  map: z.array(z.string()).optional(),
  set: z.array(z.string()).optional(),
  sheet: z.string().optional(),
  dateFormat: z.string().optional(),
  decimal: z.enum([',', '.']).optional(),
  won: z.array(z.string()).optional(),
  lost: z.array(z.string()).optional(),
  skipInvalid: z.boolean().optional(),
});
