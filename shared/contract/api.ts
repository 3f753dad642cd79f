import { z } from 'zod';
import { MAX_VALUES_PER_SAVE } from '../kpi/manual-values.js';
import { FIRST_YEAR_IN_USE, LAST_YEAR_IN_USE } from '../kpi/periods.js';
import {
  AccentColor,
  Logo,
  CurrencyCode,
  Grain,
  WeekStart,
  ImportOptions,
  ImportSummary,
  KpiRow,
  Scope,
  ScopeDim,
  TargetRevision,
  Dashboard,
  FiniteNumber,
  KpiCode,
  KpiDefinition,
  Locale,
  ManualValue,
  MissingRule,
  MonthPeriod,
  RatingBands,
  Appraisal,
  Scorecard,
  ScorecardAssignment,
  ScorecardLine,
  SmartCheck,
  TeamAppraisalRow,
  StatusThreshold,
  ActionItem,
  ActionStatus,
  IsoDate,
  Review,
  ReviewNote,
  ReviewSummary,
  WorkspaceInfo,
} from './schemas.js';

/**
 * The one map of every call the renderer, the CLI and the tests may make.
 * Keys are `domain/verb`; each entry holds the runtime schemas for the request and the
 * response. Transports validate both at their boundary, so a wrong shape fails loudly at
 * the edge instead of deep inside the core or the UI.
 *
 * `writes` marks the calls that write to the open workspace ('data') or replace it
 * ('session'). The dispatcher runs them one at a time, behind a running import or restore,
 * and 'data' calls only while this process holds the workspace's writer lock. A preview is
 * marked too: its dry run holds SQLite's write lock until it rolls back.
 */
const KpiSettings = z.object({
  manualWins: z.boolean(),
  manualRollup: z.enum(['sum', 'average', 'last', 'formula']),
  tracked: z.boolean(),
});

/**
 * Whose typed values: the whole company when absent, or one person named as the workspace
 * knows them. Strict, so a dimension not offered here is refused rather than read as the company.
 */
const ValueScope = z.strictObject({ owner: z.string().min(1).max(200).optional() });
const TypedValue = z.object({
  kpi: KpiCode,
  period: MonthPeriod,
  value: FiniteNumber,
  note: z.string().max(2000).nullable().optional(),
});
// Whether the typed value is the one shown: where facts give the KPI a computed value, it
// wins unless the KPI's setting says the typed one does (kpi/settings manualWins).
const SavedValue = ManualValue.extend({ inEffect: z.boolean(), shownValue: z.number().nullable() });

const ShortText = (max: number) => z.string().max(max, `expected at most ${max} characters`);
const RecordId = z.number().int().min(1);
const ReviewPeriod = z.string().min(1, 'expected a period such as 2026-Q1').max(40);
const ActionText = z
  .string()
  .trim()
  .min(1, 'expected what is to be done')
  .max(1000, 'expected at most 1000 characters');
/** ISO date of "today" for the pace of a running period; defaults to the host's date. */
const Today = IsoDate.optional();

export const api = {
  'workspace/current': {
    request: z.object({}),
    response: WorkspaceInfo.nullable(),
  },
  'workspace/create': {
    writes: 'session',
    request: z.object({
      path: z.string().min(1),
      name: z.string().min(1).max(200).optional(),
      locale: Locale.optional(),
      currency: CurrencyCode.optional(),
    }),
    response: WorkspaceInfo,
  },
  // The demo company (two years of sales and marketing data, targets) in a new file, opened.
  'workspace/createDemo': {
    writes: 'session',
    request: z.object({ path: z.string().min(1) }),
    response: WorkspaceInfo,
  },
  'workspace/open': {
    writes: 'session',
    request: z.object({ path: z.string().min(1) }),
    response: WorkspaceInfo,
  },
  'workspace/close': {
    writes: 'session',
    request: z.object({}),
    response: z.null(),
  },
  'settings/update': {
    writes: 'data',
    request: z.object({
      name: z.string().min(1).max(200).optional(),
      locale: Locale.optional(),
      currency: CurrencyCode.optional(),
      fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
      weekStart: WeekStart.optional(),
      amberAt: StatusThreshold.optional(),
      ratingBands: RatingBands.optional(),
      accentColor: AccentColor.optional(),
      logo: Logo.nullable().optional(),
      backupKeepDaily: z.number().int().min(1).max(366).optional(),
    }),
    response: WorkspaceInfo,
  },
  'kpi/catalog': {
    request: z.object({}),
    response: z.array(KpiDefinition),
  },
  'values/set': {
    writes: 'data',
    request: TypedValue.extend({ scope: ValueScope.optional() }),
    response: SavedValue,
  },
  // A block of typed values (a paste from a spreadsheet): every one is kept, or none is.
  'values/setMany': {
    writes: 'data',
    request: z.object({
      scope: ValueScope.optional(),
      values: z.array(TypedValue).min(1).max(MAX_VALUES_PER_SAVE),
    }),
    response: z.array(SavedValue),
  },
  'values/delete': {
    writes: 'data',
    request: z.object({ kpi: KpiCode, period: MonthPeriod, scope: ValueScope.optional() }),
    response: z.null(),
  },
  'values/list': {
    request: z.object({ kpi: KpiCode.optional(), scope: ValueScope.optional() }),
    response: z.array(ManualValue),
  },
  'dashboard/get': {
    request: z.object({ year: z.number().int().min(1900).max(9999) }),
    response: Dashboard,
  },
  'kpi/query': {
    request: z.object({
      kpis: z.array(z.string()).optional(),
      period: z.string().min(1),
      grain: Grain.optional(),
      by: z.enum(['owner', 'team', 'source', 'campaign', 'platform']).optional(),
      scope: Scope.optional(),
      explain: z.boolean().optional(),
    }),
    response: z.array(KpiRow),
  },
  'kpi/detail': {
    request: z.object({
      kpi: z.string(),
      period: z.string().min(1),
      scope: Scope.optional(),
      /** ISO date of "today" for pace; defaults to the host's date. */
      today: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
    response: KpiRow.extend({
      previous: z.object({ period: z.string(), value: z.number().nullable() }),
      lastYear: z.object({ period: z.string(), value: z.number().nullable() }),
      pace: z
        .object({
          elapsed: z.number(),
          expectedToDate: z.number().nullable(),
          projection: z.number().nullable(),
          neededPerRemainingDay: z.number().nullable(),
        })
        .nullable(),
      median: z.number().nullable(),
    }),
  },
  'kpi/drilldown': {
    request: z.object({
      kpi: z.string(),
      period: z.string().min(1),
      scope: z.object({ dim: Scope.shape.dim, name: z.string().nullable() }).optional(),
      page: z.number().int().min(1).optional(),
      pageSize: z.number().int().min(1).max(500).optional(),
      /** A column of the records shown; newest or largest first with `descending`. */
      sort: z.object({ column: z.string().max(64), descending: z.boolean().optional() }).optional(),
    }),
    response: z.object({
      kind: z.string(),
      total: z.number().int(),
      page: z.number().int(),
      pageSize: z.number().int(),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
    }),
  },
  'kpi/funnel': {
    request: z.object({ period: z.string().min(1), by: z.enum(['source', 'campaign']) }),
    response: z.array(
      z.object({
        name: z.string().nullable(),
        leads: z.number().int(),
        mql: z.number().int(),
        sql: z.number().int(),
        won: z.number().int(),
        leadToMql: z.number().nullable(),
        mqlToSql: z.number().nullable(),
        sqlToWon: z.number().nullable(),
        leadToWon: z.number().nullable(),
      }),
    ),
  },
  'kpi/settings': {
    writes: 'data',
    request: z.object({
      kpi: z.string(),
      manualWins: z.boolean().optional(),
      manualRollup: z.enum(['sum', 'average', 'last', 'formula']).optional(),
      tracked: z.boolean().optional(),
    }),
    response: KpiSettings,
  },
  // Every KPI's settings: which are tracked (shown on the dashboard), which take typed values.
  'kpi/settingsList': {
    request: z.object({}),
    response: z.array(KpiSettings.extend({ kpi: z.string() })),
  },
  'kpi/defineCustom': {
    writes: 'data',
    request: z.object({
      code: KpiCode,
      name: z.object({ id: z.string().min(1), en: z.string().min(1) }),
      formula: z.string().min(1).max(1000),
      unit: z.enum(['money', 'count', 'percent', 'ratio', 'seconds', 'days']),
      direction: z.enum(['higher', 'lower', 'band']),
    }),
    response: z.null(),
  },
  // The value a custom KPI being written would have for a period, checked as saving checks it.
  'kpi/previewCustom': {
    request: z.object({
      code: KpiCode,
      name: z.object({ id: z.string().min(1), en: z.string().min(1) }),
      formula: z.string().min(1).max(1000),
      unit: z.enum(['money', 'count', 'percent', 'ratio', 'seconds', 'days']),
      direction: z.enum(['higher', 'lower', 'band']),
      period: z.string().min(1).max(40),
    }),
    response: z.object({ period: z.string(), value: z.number().nullable() }),
  },
  // Whether each tracked KPI is specific, measurable, achievable, relevant and time-bound.
  'kpi/smart': {
    request: z.object({ today: Today }),
    response: z.array(SmartCheck),
  },
  'targets/set': {
    writes: 'data',
    request: z.object({
      kpi: z.string(),
      period: z.string().min(1),
      scope: Scope.nullable().optional(),
      value: FiniteNumber.nullable().optional(),
      bandLow: FiniteNumber.nullable().optional(),
      bandHigh: FiniteNumber.nullable().optional(),
      amberAt: FiniteNumber.nullable().optional(),
      reason: z.string().max(2000).nullable().optional(),
    }),
    response: TargetRevision,
  },
  // A year's monthly targets from a helper (evenly, by last year's season, last year + x%),
  // computed and shown before anything is saved.
  'targets/plan': {
    request: z.object({
      kpi: z.string(),
      year: z.number().int().min(FIRST_YEAR_IN_USE).max(LAST_YEAR_IN_USE),
      scope: Scope.nullable().optional(),
      method: z.enum(['even', 'seasonal', 'lastYear']),
      value: FiniteNumber.nullable().optional(),
      growth: FiniteNumber.nullable().optional(),
    }),
    response: z.array(
      z.object({
        period: z.string(),
        value: z.number(),
        lastYear: z.number().nullable(),
        basePeriod: z.string().nullable(),
      }),
    ),
  },
  // Several targets of one KPI and scope, all saved or none (a plan's twelve months).
  'targets/setMany': {
    writes: 'data',
    request: z.object({
      kpi: z.string(),
      scope: Scope.nullable().optional(),
      values: z
        .array(z.object({ period: z.string().min(1).max(40), value: FiniteNumber }))
        .min(1)
        .max(60),
      reason: z.string().max(2000).nullable().optional(),
    }),
    response: z.object({ saved: z.number().int() }),
  },
  'targets/list': {
    request: z.object({
      year: z.number().int().min(FIRST_YEAR_IN_USE).max(LAST_YEAR_IN_USE),
      scope: Scope.nullable().optional(),
    }),
    response: z.array(
      z.object({
        kpi: z.string(),
        period: z.string(),
        value: z.number().nullable(),
        bandLow: z.number().nullable(),
        bandHigh: z.number().nullable(),
        amberAt: z.number().nullable(),
        updatedAt: z.string(),
        revisions: z.array(TargetRevision),
      }),
    ),
  },
  // The first and last day with data (facts or manual values): the periods a picker offers.
  // Scorecards (DESIGN §6): weighted KPIs with a cap, assigned to people or teams.
  'scorecards/list': {
    request: z.object({}),
    response: z.array(Scorecard),
  },
  'scorecards/save': {
    writes: 'data',
    request: z.object({
      id: z.number().int().nullable().optional(),
      name: z.string().min(1).max(200),
      cap: z.number().optional(),
      missingRule: MissingRule.optional(),
      lines: z.array(ScorecardLine).max(100),
      assignedTo: z.array(ScorecardAssignment).max(1000).optional(),
    }),
    response: Scorecard,
  },
  'scorecards/delete': {
    writes: 'data',
    request: z.object({ id: z.number().int() }),
    response: z.null(),
  },
  // A person's appraisal for a period: the weighted table, score, rating, comments, sign-offs.
  'appraisal/get': {
    request: z.object({ person: z.string().min(1).max(200), period: z.string().min(1).max(40) }),
    response: Appraisal,
  },
  'appraisal/comment': {
    writes: 'data',
    request: z.object({
      person: z.string().min(1).max(200),
      period: z.string().min(1).max(40),
      reviewerComment: z.string().max(5000).nullable().optional(),
      employeeComment: z.string().max(5000).nullable().optional(),
    }),
    response: Appraisal,
  },
  'appraisal/sign': {
    writes: 'data',
    request: z.object({
      person: z.string().min(1).max(200),
      period: z.string().min(1).max(40),
      role: z.enum(['reviewer', 'employee']),
      name: z.string().min(1).max(200),
    }),
    response: Appraisal,
  },
  'appraisal/team': {
    request: z.object({ team: z.string().min(1).max(200), period: z.string().min(1).max(40) }),
    response: z.object({ team: z.string(), period: z.string(), people: z.array(TeamAppraisalRow) }),
  },
  // Review sessions (DESIGN §7): a period and a scope (the company when none) walked KPI by KPI,
  // with notes, action items and target adjustments. Closing one freezes what it showed; a
  // closed review refuses edits, except an action item's status (ticked off in a later review).
  'reviews/list': {
    // One scope's reviews (the company's without one), or every scope's with `all`; newest first.
    request: z.object({ scope: Scope.nullable().optional(), all: z.boolean().optional() }),
    response: z.array(ReviewSummary),
  },
  'reviews/create': {
    writes: 'data',
    request: z.object({
      period: ReviewPeriod,
      scope: Scope.nullable().optional(),
      title: ShortText(200).optional(),
      today: Today,
    }),
    response: Review,
  },
  'reviews/get': {
    request: z.object({ id: RecordId, today: Today }),
    response: Review,
  },
  // What happened, why, what next for one KPI; a field left out keeps what was saved.
  'reviews/note': {
    writes: 'data',
    request: z.object({
      reviewId: RecordId,
      kpi: KpiCode,
      happened: ShortText(5000).nullable().optional(),
      why: ShortText(5000).nullable().optional(),
      next: ShortText(5000).nullable().optional(),
    }),
    response: ReviewNote,
  },
  'reviews/addAction': {
    writes: 'data',
    request: z.object({
      reviewId: RecordId,
      text: ActionText,
      owner: ShortText(200).nullable().optional(),
      due: IsoDate.nullable().optional(),
      kpi: KpiCode.nullable().optional(),
    }),
    response: ActionItem,
  },
  // The item is returned as it stands in the review that raised it.
  'reviews/updateAction': {
    writes: 'data',
    request: z.object({
      id: RecordId,
      status: ActionStatus.optional(),
      text: ActionText.optional(),
      owner: ShortText(200).nullable().optional(),
      due: IsoDate.nullable().optional(),
    }),
    response: ActionItem,
  },
  // A target of the review's scope (for the review period unless another is named), revised
  // with a reason; band bounds and amber threshold left out keep what the target had.
  'reviews/adjustTarget': {
    writes: 'data',
    request: z.object({
      reviewId: RecordId,
      kpi: KpiCode,
      period: ReviewPeriod.optional(),
      value: FiniteNumber.nullable().optional(),
      bandLow: FiniteNumber.nullable().optional(),
      bandHigh: FiniteNumber.nullable().optional(),
      amberAt: StatusThreshold.nullable().optional(),
      reason: z
        .string()
        .trim()
        .min(1, 'expected the reason for the change')
        .max(2000, 'expected at most 2000 characters'),
      today: Today,
    }),
    response: Review,
  },
  'reviews/close': {
    writes: 'data',
    request: z.object({ id: RecordId, today: Today }),
    response: Review,
  },
  // Only an open review; a closed one is minutes.
  'reviews/delete': {
    writes: 'data',
    request: z.object({ id: RecordId }),
    response: z.null(),
  },
  // A PDF of a print page (an appraisal, a review pack), written to a path the user chose.
  // Rendered by the host: printToPDF in the desktop app, headless Chromium elsewhere.
  'report/pdf': {
    request: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('appraisal'),
        person: z.string().min(1).max(200),
        period: z.string().min(1).max(40),
        lang: z.enum(['id', 'en']),
        paper: z.enum(['A4', 'Letter']).default('A4'),
        path: z.string().min(1).max(4096),
      }),
      z.object({
        kind: z.literal('review'),
        period: z.string().min(1).max(40),
        scope: z.string().max(300).nullable().optional(),
        reviewId: z.number().int().nullable().optional(),
        lang: z.enum(['id', 'en']),
        paper: z.enum(['A4', 'Letter']).default('A4'),
        path: z.string().min(1).max(4096),
      }),
    ]),
    response: z.object({ file: z.string(), bytes: z.number().int() }),
  },
  'data/range': {
    request: z.object({}),
    response: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  },
  // Every known name of each scope dimension, for scope pickers.
  'scopes/list': {
    request: z.object({}),
    response: z.record(ScopeDim, z.array(z.string())),
  },
  'import/file': {
    writes: 'data',
    request: ImportOptions.extend({ path: z.string().min(1), dryRun: z.boolean().optional() }),
    response: ImportSummary,
  },
  'import/presets': {
    request: z.object({}),
    response: z.array(z.object({ name: z.string(), label: z.string(), kind: z.string() })),
  },
  'import/detect': {
    request: z.object({
      path: z.string().min(1),
      kind: ImportOptions.shape.kind.optional(),
      sheet: z.string().optional(),
    }),
    response: z.object({
      file: z.string(),
      readAs: z.string(),
      sheets: z.array(z.string()).nullable(),
      headers: z.array(z.string()),
      sample: z.array(z.array(z.string())),
      suggestedPreset: z.string().nullable(),
      suggestedKind: z.string().nullable(),
      mapping: z.record(z.string(), z.array(z.string())),
      constants: z.record(z.string(), z.string()),
      unused: z.array(z.string()),
      dateRange: z.object({ from: z.string(), to: z.string() }).nullable(),
      /** The canonical fields of the kind, each with its type, for a mapping step. */
      fields: z.array(z.object({ name: z.string(), type: z.string() })),
      formats: z.array(
        z.object({
          column: z.string(),
          field: z.string(),
          examples: z.array(z.string()),
          reading: z.string().nullable(),
          needsChoice: z.boolean(),
        }),
      ),
    }),
  },
  'import/preview': {
    writes: 'data',
    request: ImportOptions.extend({
      path: z.string().min(1),
      rows: z.number().int().min(1).max(200).optional(),
    }),
    response: ImportSummary.extend({
      preview: z.array(z.record(z.string(), z.string())),
      problems: z.array(
        z.object({ row: z.number(), column: z.string(), value: z.string(), expected: z.string() }),
      ),
    }),
  },
  'import/progress': {
    request: z.object({}),
    // The import or preview running now, and how many changes wait to be saved after it.
    response: z
      .object({
        call: z.enum(['import/file', 'import/preview']),
        file: z.string(),
        bytesRead: z.number(),
        totalBytes: z.number(),
        rows: z.number(),
        waitingWrites: z.number().int(),
      })
      .nullable(),
  },
  // Stops the running import or preview; its transaction rolls back, so nothing is kept.
  'import/cancel': {
    request: z.object({}),
    response: z.object({ cancelled: z.boolean() }),
  },
  // The desktop app's file dialog; null where there is none (browser mode uploads instead) or
  // when the user closes it.
  'files/pick': {
    request: z.object({ purpose: z.enum(['import', 'workspace']) }),
    response: z.object({ path: z.string() }).nullable(),
  },
  // The desktop app's save dialog for a new file; null in browser mode or when cancelled.
  'files/saveAs': {
    request: z.object({ purpose: z.enum(['workspace', 'pdf']), defaultName: z.string().max(200) }),
    response: z.object({ path: z.string() }).nullable(),
  },
  'export/facts': {
    request: z.object({
      kind: z.enum(['deals', 'leads', 'spend', 'web', 'social', 'kpi_values']),
      format: z.enum(['csv', 'xlsx']),
      path: z.string().min(1),
    }),
    response: z.object({ file: z.string() }),
  },
  'export/kpis': {
    request: z.object({
      format: z.enum(['csv', 'xlsx']),
      path: z.string().min(1),
      kpis: z.array(z.string()).optional(),
      period: z.string().min(1),
      grain: Grain.optional(),
      by: z.enum(['owner', 'team', 'source', 'campaign', 'platform']).optional(),
    }),
    response: z.object({ file: z.string() }),
  },
  // The records behind one KPI value (the drill-down), every one of them, as CSV or XLSX.
  'export/drilldown': {
    request: z.object({
      kpi: z.string(),
      period: z.string().min(1),
      scope: z.object({ dim: Scope.shape.dim, name: z.string().max(200).nullable() }).optional(),
      sort: z.object({ column: z.string().max(64), descending: z.boolean().optional() }).optional(),
      format: z.enum(['csv', 'xlsx']),
      path: z.string().min(1),
    }),
    response: z.object({ file: z.string() }),
  },
  'import/history': {
    request: z.object({}),
    response: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        fileName: z.string().nullable(),
        createdAt: z.string(),
        undoneAt: z.string().nullable(),
        summary: z.record(z.string(), z.unknown()),
      }),
    ),
  },
  'import/undo': {
    writes: 'data',
    request: z.object({ batchId: z.number().int().min(1) }),
    response: z.object({ batchId: z.number().int(), removed: z.number().int(), restored: z.number().int() }),
  },
  'workspace/backup': {
    request: z.object({ path: z.string().min(1) }),
    response: z.object({ file: z.string(), bytes: z.number().int() }),
  },
  // Replaces the open workspace's file, or the file at `path` (one too damaged to open).
  // The session takes the writer lock itself, so it also works with no workspace open.
  'workspace/restore': {
    writes: 'session',
    request: z.object({ backupPath: z.string().min(1), path: z.string().min(1).optional() }),
    response: z.object({ keptAside: z.string().nullable(), workspace: WorkspaceInfo }),
  },
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
/** What a caller passes (before defaults are applied). */
export type RequestOf<N extends CallName> = z.input<Api[N]['request']>;
/** What a handler receives (after validation). */
export type ParsedRequestOf<N extends CallName> = z.output<Api[N]['request']>;
export type ResponseOf<N extends CallName> = z.output<Api[N]['response']>;

export const callNames = Object.keys(api) as CallName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(api, name);
}

export type ErrorBody = {
  kind: import('./errors.js').ErrorKind;
  message: string;
  /** With `params`: what the error is, for the renderer to say in the UI language. */
  code?: string;
  params?: Record<string, string | number>;
};
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
