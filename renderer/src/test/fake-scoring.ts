import type { CallName, Reply } from '../../../shared/contract/api';
import type { ErrorKind } from '../../../shared/contract/errors';
import type {
  Appraisal,
  RatingBand,
  Scorecard,
  ScorecardLine,
  TeamAppraisalRow,
} from '../../../shared/contract/schemas';
import { achievement, status } from '../../../shared/kpi/achievement';
import { builtInKpis } from '../../../shared/kpi/catalog';
import { round9, scoreLines, type Scored } from '../../../shared/kpi/scoring';

/** A KPI's actual and target for a person and period, as the engine would find them. */
export interface FakeResult {
  person: string;
  period: string;
  kpi: string;
  actual: number | null;
  target: number | null;
}

interface FakeRecord {
  reviewerComment: string | null;
  employeeComment: string | null;
  reviewerSignOff: { name: string; at: string } | null;
  employeeSignOff: { name: string; at: string } | null;
  /** The numbers as first signed. */
  snapshot: Scored | null;
}

/** Scorecards, teams and results the fake core scores appraisals from (main/core/scoring). */
export interface FakeScoring {
  scorecards: Scorecard[];
  /** Each team's members, as the workspace's people table holds them. */
  teams: Record<string, string[]>;
  results: FakeResult[];
  records: Map<string, FakeRecord>;
  /** The time every sign-off and save is stamped with, so tests can name it. */
  now: string;
}

const line = (kpi: string, weight: number, perspective: ScorecardLine['perspective']): ScorecardLine => ({
  kpi,
  weight,
  perspective,
});

/**
 * Tim Jakarta for 2026-Q1: Budi with a capped revenue, a KPI without data and one without a
 * target; Sari scoring below him; Rudi with no scorecard at all.
 */
export function fakeScoring(): FakeScoring {
  const q1 = (person: string, kpi: string, actual: number | null, target: number | null): FakeResult => ({
    person,
    period: '2026-Q1',
    kpi,
    actual,
    target,
  });
  return {
    scorecards: [
      {
        id: 1,
        name: 'Penjualan',
        cap: 1.2,
        missingRule: 'redistribute',
        lines: [
          line('revenue', 0.4, 'financial'),
          line('avg_deal_size', 0.1, 'financial'),
          line('deals_won', 0.2, 'customer'),
          line('win_rate', 0.15, 'internal'),
          line('sales_cycle_days', 0.15, 'internal'),
        ],
        assignedTo: [
          { dim: 'owner', name: 'Budi Santoso' },
          { dim: 'owner', name: 'Sari Dewi' },
        ],
      },
    ],
    teams: { 'Tim Jakarta': ['Budi Santoso', 'Rudi Hartono', 'Sari Dewi'] },
    results: [
      q1('Budi Santoso', 'revenue', 540_000_000, 400_000_000),
      q1('Budi Santoso', 'avg_deal_size', null, 45_000_000),
      q1('Budi Santoso', 'deals_won', 9, 9),
      q1('Budi Santoso', 'win_rate', 0.25, null),
      q1('Budi Santoso', 'sales_cycle_days', 33, 30),
      q1('Sari Dewi', 'revenue', 360_000_000, 400_000_000),
      q1('Sari Dewi', 'avg_deal_size', 45_000_000, 45_000_000),
      q1('Sari Dewi', 'deals_won', 8, 9),
      q1('Sari Dewi', 'win_rate', 0.27, 0.3),
      q1('Sari Dewi', 'sales_cycle_days', 32, 30),
    ],
    records: new Map(),
    now: '2026-04-02T09:30:00.000Z',
  };
}

class Refusal extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
/**
 * The core's own rule (shared/kpi/scoring.ts) over the fake's results: each result is turned
 * into the row the engine would give (achievement and status by the KPI's direction).
 */
function score(
  state: FakeScoring,
  card: Scorecard,
  person: string,
  period: string,
  bands: readonly RatingBand[],
): Scored {
  const directionOf = (kpi: string) => builtInKpis.find((k) => k.code === kpi)?.direction ?? 'higher';
  const rows = card.lines.map((l) => {
    const found = state.results.find((r) => r.person === person && r.period === period && r.kpi === l.kpi);
    const value = found?.actual ?? null;
    const target = found?.target ?? null;
    const ach = achievement(value, target === null ? null : { value: target }, directionOf(l.kpi));
    return {
      kpi: l.kpi,
      value,
      target,
      achievement: ach,
      status: status(ach),
      targetOrigin: target === null ? null : ('set' as const),
    };
  });
  return scoreLines(rows, card, bands, directionOf);
}

function knownPerson(state: FakeScoring, name: string): string {
  const people = [...new Set(Object.values(state.teams).flat())];
  const found = people.find((p) => p.toLowerCase() === name.trim().toLowerCase());
  if (!found) throw new Refusal('not_found', `Unknown owner '${name}'`);
  return found;
}

function teamOf(state: FakeScoring, person: string): string | null {
  return Object.entries(state.teams).find(([, members]) => members.includes(person))?.[0] ?? null;
}

function appraisalOf(
  state: FakeScoring,
  name: string,
  asked: string,
  bands: readonly RatingBand[],
): Appraisal {
  const person = knownPerson(state, name);
  const team = teamOf(state, person);
  const period = asked.toUpperCase();
  const assigned = (dim: 'owner' | 'team', who: string | null) =>
    state.scorecards.find((c) => c.assignedTo.some((a) => a.dim === dim && a.name === who));
  const own = assigned('owner', person);
  const card = own ?? assigned('team', team);
  if (!card) {
    throw new Refusal(
      'not_found',
      `No scorecard is assigned to ${person}${team ? ` or to ${team}` : ''}; assign one under Appraisals`,
    );
  }
  const live = score(state, card, person, period, bands);
  const record = state.records.get(`${person}|${period}`);
  const shown = record?.snapshot ?? live;
  return {
    person,
    team,
    period,
    ...shown,
    ratingBands: [...bands],
    assignedVia: own ? 'owner' : 'team',
    reviewerComment: record?.reviewerComment ?? null,
    employeeComment: record?.employeeComment ?? null,
    reviewerSignOff: record?.reviewerSignOff ?? null,
    employeeSignOff: record?.employeeSignOff ?? null,
    frozen: Boolean(record?.snapshot),
    changedSinceSignOff:
      Boolean(record?.snapshot) && JSON.stringify(record!.snapshot) !== JSON.stringify(live),
  };
}

function recordOf(state: FakeScoring, a: Appraisal): FakeRecord {
  const key = `${a.person}|${a.period}`;
  let record = state.records.get(key);
  if (!record) {
    record = {
      reviewerComment: null,
      employeeComment: null,
      reviewerSignOff: null,
      employeeSignOff: null,
      snapshot: null,
    };
    state.records.set(key, record);
  }
  return record;
}

function saveScorecard(state: FakeScoring, request: Record<string, unknown>): Scorecard {
  const name = String(request.name).trim();
  const lines = request.lines as ScorecardLine[];
  if (lines.length === 0) throw new Refusal('invalid_request', `Scorecard '${name}' has no KPIs`);
  const total = lines.reduce((s, l) => s + l.weight, 0);
  if (Math.abs(total - 1) > 0.00005) {
    throw new Refusal(
      'invalid_request',
      `The weights of '${name}' add up to ${Math.round(total * 10000) / 100}%; expected 100%`,
    );
  }
  const id = (request.id as number | null | undefined) ?? null;
  if (state.scorecards.some((c) => c.name.toLowerCase() === name.toLowerCase() && c.id !== id)) {
    throw new Refusal('conflict', `A scorecard named '${name}' already exists`);
  }
  const assignedTo = (request.assignedTo as Scorecard['assignedTo'] | undefined) ?? [];
  // A person or team has one scorecard: assigning it here takes it off any other.
  for (const other of state.scorecards) {
    other.assignedTo = other.assignedTo.filter(
      (a) => !assignedTo.some((b) => b.dim === a.dim && b.name === a.name),
    );
  }
  const card: Scorecard = {
    id: id ?? Math.max(0, ...state.scorecards.map((c) => c.id)) + 1,
    name,
    cap: (request.cap as number | undefined) ?? 1.2,
    missingRule: (request.missingRule as Scorecard['missingRule'] | undefined) ?? 'redistribute',
    lines,
    assignedTo,
  };
  if (id !== null && !state.scorecards.some((c) => c.id === id)) {
    throw new Refusal('not_found', `No scorecard with id ${id}`);
  }
  state.scorecards = [...state.scorecards.filter((c) => c.id !== id), card].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  return card;
}

function teamRows(state: FakeScoring, team: string, period: string, bands: readonly RatingBand[]) {
  const name = Object.keys(state.teams).find((t) => t.toLowerCase() === team.trim().toLowerCase());
  if (!name) throw new Refusal('not_found', `Unknown team '${team}'`);
  const rows = state.teams[name]!.map((person): TeamAppraisalRow => {
    try {
      const a = appraisalOf(state, person, period, bands);
      return {
        person,
        scorecard: a.scorecard,
        score: a.score,
        rating: a.rating,
        rank: null,
        signed: a.frozen,
        problem: null,
      };
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return {
        person,
        scorecard: null,
        score: null,
        rating: null,
        rank: null,
        signed: false,
        problem: e.message,
      };
    }
  });
  const scores = rows.filter((r) => r.score !== null).map((r) => round9(r.score!));
  for (const r of rows) if (r.score !== null) r.rank = 1 + scores.filter((s) => s > round9(r.score!)).length;
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.person.localeCompare(b.person));
  return { team: name, period: period.toUpperCase(), people: rows };
}

/** The scorecards/* and appraisal/* calls, answered the way the core answers them. */
export function handleScoring(
  state: FakeScoring,
  name: CallName,
  request: Record<string, unknown>,
  bands: readonly RatingBand[],
): Reply<unknown> {
  try {
    switch (name) {
      case 'scorecards/list':
        return ok(state.scorecards);
      case 'scorecards/save':
        return ok(saveScorecard(state, request));
      case 'scorecards/delete': {
        const before = state.scorecards.length;
        state.scorecards = state.scorecards.filter((c) => c.id !== request.id);
        if (before === state.scorecards.length)
          throw new Refusal('not_found', `No scorecard with id ${String(request.id)}`);
        return ok(null);
      }
      case 'appraisal/get':
        return ok(appraisalOf(state, request.person as string, request.period as string, bands));
      case 'appraisal/comment': {
        const current = appraisalOf(state, request.person as string, request.period as string, bands);
        const record = recordOf(state, current);
        if (request.reviewerComment !== undefined) {
          if (record.reviewerSignOff)
            throw new Refusal('conflict', 'The reviewer signed this appraisal; the comment is final');
          record.reviewerComment = (request.reviewerComment as string | null)?.trim() || null;
        }
        if (request.employeeComment !== undefined) {
          if (record.employeeSignOff)
            throw new Refusal('conflict', `${current.person} signed this appraisal; the comment is final`);
          record.employeeComment = (request.employeeComment as string | null)?.trim() || null;
        }
        return ok(appraisalOf(state, current.person, current.period, bands));
      }
      case 'appraisal/sign': {
        const current = appraisalOf(state, request.person as string, request.period as string, bands);
        const record = recordOf(state, current);
        const role = request.role as 'reviewer' | 'employee';
        const already = role === 'reviewer' ? record.reviewerSignOff : record.employeeSignOff;
        if (already) throw new Refusal('conflict', `Already signed by ${already.name}`);
        if (current.score === null) {
          throw new Refusal(
            'invalid_request',
            `${current.person} has no score for ${current.period}: no KPI of the scorecard has both a target and data`,
          );
        }
        const signOff = { name: String(request.name).trim(), at: state.now };
        if (role === 'reviewer') record.reviewerSignOff = signOff;
        else record.employeeSignOff = signOff;
        const { scorecard, cap, missingRule, lines, score: total, rating } = current;
        record.snapshot ??= { scorecard, cap, missingRule, lines, score: total, rating };
        return ok(appraisalOf(state, current.person, current.period, bands));
      }
      case 'appraisal/team':
        return ok(teamRows(state, request.team as string, request.period as string, bands));
      default:
        return { ok: false, error: { kind: 'not_found', message: `no fake for ${name}` } };
    }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: { kind: e.kind, message: e.message } };
    throw e;
  }
}
