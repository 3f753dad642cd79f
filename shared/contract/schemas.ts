import { z } from 'zod';
import { dayFromIso, FIRST_YEAR_IN_USE, LAST_YEAR_IN_USE } from '../kpi/periods.js';

/** Locales the UI and the formatters support. The workspace locale drives number, money and date formats. */
export const Locale = z.enum(['id-ID', 'en-US']);
export type Locale = z.infer<typeof Locale>;

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected a three-letter ISO 4217 currency code such as IDR');

/** A calendar month `YYYY-MM`. Later grains (week, quarter, year, ranges) live in shared/kpi/periods. */
export const MonthPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month such as 2026-03');

/** A share of the target, as a fraction: 0.9 = 90%. Amber below 100% only makes sense under 1. */
export const StatusThreshold = z
  .number()
  .min(0, 'expected a threshold between 0% and 100%')
  .max(1, 'expected a threshold between 0% and 100%');

export const RatingBand = z.object({
  rating: z.number().int().min(1).max(10),
  /** Lowest score (fraction, 1.1 = 110%) that earns this rating. */
  min: z.number().min(0).max(10),
});
export type RatingBand = z.infer<typeof RatingBand>;

export const RatingBands = z
  .array(RatingBand)
  .min(2)
  .max(10)
  .superRefine((bands, ctx) => {
    if (bands.length === 0) return; // too few bands: the length check says so
    for (let i = 1; i < bands.length; i++) {
      if (!(bands[i]!.min < bands[i - 1]!.min) || !(bands[i]!.rating < bands[i - 1]!.rating)) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected rating bands from the best down, each with a lower rating and a lower minimum',
        });
        return;
      }
    }
    if (bands[bands.length - 1]!.min !== 0) {
      ctx.addIssue({ code: 'custom', message: 'expected the lowest rating band to start at 0%' });
    }
  });

/** DESIGN §6: 5 ≥ 110%, 4 ≥ 100%, 3 ≥ 90%, 2 ≥ 75%, 1 below. */
export const defaultRatingBands: RatingBand[] = [
  { rating: 5, min: 1.1 },
  { rating: 4, min: 1 },
  { rating: 3, min: 0.9 },
  { rating: 2, min: 0.75 },
  { rating: 1, min: 0 },
];

export const AccentColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as #1d4ed8');

/** A small PNG, JPEG or SVG as a data URL; the PDFs embed it, so it stays small. */
export const LOGO_MAX_CHARS = 400_000;
export const Logo = z
  .string()
  .max(LOGO_MAX_CHARS, 'expected a logo of at most about 300 KB')
  .regex(/^data:image\/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$/, 'expected a PNG, JPEG or SVG image');

export const WeekStart = z.enum(['monday', 'sunday', 'saturday']);
export type WeekStart = z.infer<typeof WeekStart>;

export const WorkspaceSettings = z.object({
  name: z.string().min(1).max(200),
  locale: Locale,
  currency: CurrencyCode,
  /** 1 = January. A fiscal year named 2026 starts in this month of 2026. */
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  /**
   * The day weeks start on. Monday gives ISO weeks; Sunday and Saturday weeks keep the ISO label
   * of the week whose Monday they hold (with Sunday, 2026-W06 is 2026-02-01..2026-02-07).
   */
  weekStart: WeekStart,
  /** Achievement from which a KPI's status is amber rather than red (a target may override it). */
  amberAt: StatusThreshold,
  /** Appraisal score → rating, best first; the last band starts at 0 so every score has a rating. */
  ratingBands: RatingBands,
  /** Reports carry the client's colour and logo, so a consultant brands each client's PDFs. */
  accentColor: AccentColor,
  logo: Logo.nullable(),
  /** How many daily automatic backups the backups folder beside the workspace keeps. */
  backupKeepDaily: z.number().int().min(1).max(366),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettings>;

export const WorkspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  settings: WorkspaceSettings,
  /** Opened for reading only (the file or its folder may not be written). */
  readOnly: z.boolean().optional(),
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
  /** A custom KPI's formula as written (`revenue / leads`), for its editor. */
  formula: z.string().optional(),
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
  /** Part typed by hand, part computed from records (some months, or some people of a total). */
  includesTyped: z.boolean().optional(),
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

/** Balanced-scorecard perspectives (DESIGN §6). */
export const Perspective = z.enum(['financial', 'customer', 'internal', 'learning']);
export type Perspective = z.infer<typeof Perspective>;

export const ScorecardLine = z.object({
  kpi: KpiCode,
  /** Share of the whole scorecard, as a fraction (0.4 = 40%). */
  weight: z.number().gt(0).max(1),
  perspective: Perspective.nullable(),
});
export type ScorecardLine = z.infer<typeof ScorecardLine>;

/** What a KPI without a target or without data does to a score. */
export const MissingRule = z.enum(['redistribute', 'zero']);
export type MissingRule = z.infer<typeof MissingRule>;

export const ScorecardAssignment = z.object({
  dim: z.enum(['owner', 'team']),
  name: z.string().min(1).max(200),
});
export type ScorecardAssignment = z.infer<typeof ScorecardAssignment>;

export const Scorecard = z.object({
  id: z.number().int(),
  name: z.string().min(1).max(200),
  /** Achievement counts up to this (1.2 = 120%). */
  cap: z.number().min(1).max(3),
  missingRule: MissingRule,
  lines: z.array(ScorecardLine),
  assignedTo: z.array(ScorecardAssignment),
});
export type Scorecard = z.infer<typeof Scorecard>;

export const AppraisalLine = z.object({
  kpi: z.string(),
  perspective: Perspective.nullable(),
  weight: z.number(),
  actual: z.number().nullable(),
  target: z.number().nullable(),
  /** Direction respected (lower-is-better: target ÷ actual); null without a target or data. */
  achievement: z.number().nullable(),
  /** The achievement that scored: min(achievement, cap). */
  counted: z.number().nullable(),
  capped: z.boolean(),
  /** The weight this line carried in the score, after the missing-data rule. */
  effectiveWeight: z.number(),
  points: z.number().nullable(),
  status: KpiStatus,
  missing: z.enum(['no_target', 'no_data']).nullable(),
  targetOrigin: z.enum(['set', 'months_sum', 'months_mean']).nullable(),
});
export type AppraisalLine = z.infer<typeof AppraisalLine>;

export const SignOff = z.object({ name: z.string(), at: z.string() });

export const Appraisal = z.object({
  person: z.string(),
  team: z.string().nullable(),
  period: z.string(),
  scorecard: z.string(),
  /** Where the scorecard comes from: the person's own assignment or their team's. */
  assignedVia: z.enum(['owner', 'team']),
  cap: z.number(),
  missingRule: MissingRule,
  lines: z.array(AppraisalLine),
  /** Σ points, a fraction (1.05 = 105%); null when no line has both a target and data. */
  score: z.number().nullable(),
  rating: z.number().int().nullable(),
  /** The bands the rating was read from: the workspace's, or those in force when it was signed. */
  ratingBands: z.array(RatingBand),
  reviewerComment: z.string().nullable(),
  employeeComment: z.string().nullable(),
  reviewerSignOff: SignOff.nullable(),
  employeeSignOff: SignOff.nullable(),
  /** Once signed, the lines and score are those signed; `changedSinceSignOff` says the data moved on. */
  frozen: z.boolean(),
  changedSinceSignOff: z.boolean(),
});
export type Appraisal = z.infer<typeof Appraisal>;

export const TeamAppraisalRow = z.object({
  person: z.string(),
  scorecard: z.string().nullable(),
  score: z.number().nullable(),
  rating: z.number().int().nullable(),
  /** 1 = best score; people without a score have no rank. */
  rank: z.number().int().nullable(),
  signed: z.boolean(),
  /** Why there is no appraisal (no scorecard assigned), in English for the CLI. */
  problem: z.string().nullable(),
});
export type TeamAppraisalRow = z.infer<typeof TeamAppraisalRow>;

/** A calendar date `YYYY-MM-DD` that exists, in the years the app works with. */
export const IsoDate = z.string().superRefine((text, ctx) => {
  // One message per wrong date: the form first, then whether the day exists and is in range.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'expected a date YYYY-MM-DD such as 2026-04-30' });
    return;
  }
  try {
    dayFromIso(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `expected a real date (${(e as Error).message})` });
    return;
  }
  const year = Number(text.slice(0, 4));
  if (year < FIRST_YEAR_IN_USE || year > LAST_YEAR_IN_USE) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a date between ${FIRST_YEAR_IN_USE} and ${LAST_YEAR_IN_USE}`,
    });
  }
});

/** DESIGN §6: how a running period is going. */
export const KpiPace = z.object({
  elapsed: z.number(),
  expectedToDate: z.number().nullable(),
  projection: z.number().nullable(),
  neededPerRemainingDay: z.number().nullable(),
});

export const ReviewStatus = z.enum(['open', 'closed']);
export const ActionStatus = z.enum(['open', 'done', 'dropped']);
export type ActionStatus = z.infer<typeof ActionStatus>;

/** The values a review compares: the frozen ones against today's. */
export const ReviewKpiValues = z.object({
  value: z.number().nullable(),
  target: z.number().nullable(),
  achievement: z.number().nullable(),
  status: KpiStatus,
});

/** One KPI as a review walks it (DESIGN §7). */
export const ReviewKpi = ReviewKpiValues.extend({
  kpi: z.string(),
  origin: z.enum(['computed', 'manual']).nullable(),
  targetOrigin: z.enum(['set', 'months_sum', 'months_mean']).nullable(),
  allocated: z.boolean(),
  /** The review period and the five before it, of the same grain, oldest first. */
  trend: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
  /** Only while the period is running (for a closed review: as it was at closing). */
  pace: KpiPace.nullable(),
  /** The values are those frozen when the review was closed. */
  frozen: z.boolean(),
  /** Today's data differs from the frozen values; `current` holds today's beside them. */
  changedSinceReview: z.boolean(),
  current: ReviewKpiValues.optional(),
});
export type ReviewKpi = z.infer<typeof ReviewKpi>;

export const ReviewNote = z.object({
  happened: z.string().nullable(),
  why: z.string().nullable(),
  next: z.string().nullable(),
  updatedAt: z.string(),
});
export type ReviewNote = z.infer<typeof ReviewNote>;

export const ReviewRef = z.object({ id: z.number().int(), period: z.string(), title: z.string() });

export const ActionItem = z.object({
  id: z.number().int(),
  kpi: z.string().nullable(),
  text: z.string(),
  owner: z.string().nullable(),
  due: z.string().nullable(),
  status: ActionStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  raisedIn: ReviewRef,
  /** Raised in an earlier review of the same scope and still open when this one walked it. */
  carried: z.boolean(),
  /** For a closed review: the status when it was closed (the minutes); null while open. */
  statusAtClose: ActionStatus.nullable(),
});
export type ActionItem = z.infer<typeof ActionItem>;

/** A target revision made during a review. */
export const TargetAdjustment = z.object({
  kpi: z.string(),
  period: z.string(),
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  reason: z.string().nullable(),
  changedAt: z.string(),
});
export type TargetAdjustment = z.infer<typeof TargetAdjustment>;

export const ReviewSummary = z.object({
  id: z.number().int(),
  period: z.string(),
  /** null = the company. */
  scope: Scope.nullable(),
  title: z.string(),
  status: ReviewStatus,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  /** Action items raised in this review that are still open. */
  openActions: z.number().int(),
});
export type ReviewSummary = z.infer<typeof ReviewSummary>;

export const Review = ReviewSummary.omit({ openActions: true }).extend({
  kpis: z.array(ReviewKpi),
  notes: z.record(z.string(), ReviewNote),
  actions: z.array(ActionItem),
  targetAdjustments: z.array(TargetAdjustment),
});
export type Review = z.infer<typeof Review>;

export const ImportKind = z.enum(['deals', 'leads', 'spend', 'web', 'social', 'kpi_values']);
export type ImportKind = z.infer<typeof ImportKind>;

/**
 * Something the import took as written but a user should look at: text in two encodings,
 * two columns of one name, a won deal with a negative amount, a deal closed before it was
 * created. Rows are the file's lines (sheet rows), the first ones listed and all counted.
 */
export const ImportWarningCode = z.enum([
  'mixed_encoding',
  'duplicate_header',
  'negative_won_amount',
  'closed_before_created',
]);
export type ImportWarningCode = z.infer<typeof ImportWarningCode>;
export const ImportWarning = z.object({
  code: ImportWarningCode,
  /** The column as the file names it (with the field it feeds), or null for a whole row. */
  column: z.string().nullable(),
  rows: z.array(z.number().int()),
  count: z.number().int(),
  /** For two columns of one name: their positions (1-based), the one read first. */
  positions: z.array(z.number().int()),
  /** In English, as the CLI prints it. */
  message: z.string(),
});
export type ImportWarning = z.infer<typeof ImportWarning>;

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
  warnings: z.array(ImportWarning),
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

/**
 * Whether a tracked KPI is SMART: specific, measurable, achievable, relevant, time-bound. Each
 * criterion carries `met` (null: cannot be told from the data) and the facts behind it, never
 * sentences, so the renderer says it in the UI language.
 */
export const SmartCheck = z.object({
  kpi: z.string(),
  /** A target for a person or team, or a scorecard assigned to someone, holds the KPI. */
  specific: z.object({
    met: z.boolean(),
    targetScopes: z.array(z.object({ dim: z.enum(['owner', 'team']), name: z.string() })),
    scorecards: z.array(z.object({ name: z.string(), assignedTo: z.array(ScorecardAssignment) })),
  }),
  /** A value, computed or typed, in one of the last three complete months (oldest first). */
  measurable: z.object({
    met: z.boolean(),
    months: z.array(MonthPeriod),
    withValue: z.array(MonthPeriod),
  }),
  /**
   * The change the company target of `month` needs over the same month a year earlier, against
   * the best such change of the twelve months before it: fractions, 0.38 = +38%. For KPIs where
   * lower is better the best change is the largest reduction.
   */
  achievable: z.object({
    met: z.boolean().nullable(),
    reason: z.enum(['no_target', 'band', 'no_last_year', 'no_history']).nullable(),
    direction: KpiDirection,
    month: MonthPeriod.nullable(),
    lastYearMonth: MonthPeriod.nullable(),
    target: z.number().nullable(),
    lastYear: z.number().nullable(),
    needed: z.number().nullable(),
    best: z.number().nullable(),
    bestMonth: MonthPeriod.nullable(),
  }),
  /** On a scorecard with a balanced-scorecard perspective. */
  relevant: z.object({
    met: z.boolean(),
    perspectives: z.array(z.object({ scorecard: z.string(), perspective: Perspective })),
    withoutPerspective: z.array(z.string()),
  }),
  /** A company target for the running month, quarter or year (labels as targets are set). */
  timeBound: z.object({
    met: z.boolean(),
    month: MonthPeriod,
    quarter: z.string(),
    year: z.string(),
    withTarget: z.array(z.string()),
  }),
});
export type SmartCheck = z.infer<typeof SmartCheck>;
