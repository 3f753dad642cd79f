import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { Appraisal, TeamAppraisalRow, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { parsePeriod } from '../../../shared/kpi/periods.js';
import { round9, scoreLines, type Scored } from '../../../shared/kpi/scoring.js';
import { computeKpis, kpiLibrary, periodSettings } from '../kpi/engine.js';
import { requireKnownScope } from '../kpi/workspace-data.js';
import { scorecardOf, teamMembers, teamOf } from './scorecards.js';

interface AppraisalRecord {
  reviewer_comment: string | null;
  employee_comment: string | null;
  reviewer_name: string | null;
  reviewer_signed_at: string | null;
  employee_name: string | null;
  employee_signed_at: string | null;
  snapshot: string | null;
}

/** The period as the workspace writes it, so `2026-q1` and `2026-Q1` are one appraisal. */
function periodLabel(settings: WorkspaceSettings, period: string): string {
  return parsePeriod(period, periodSettings(settings)).label;
}

/** The same numbers? Compares what a person reads: actuals, targets and the score. */
function sameNumbers(a: Scored, b: Scored): boolean {
  const key = (s: Scored) =>
    JSON.stringify([
      s.scorecard,
      s.score === null ? null : round9(s.score),
      s.lines.map((l) => [l.kpi, l.actual, l.target, l.weight]),
    ]);
  return key(a) === key(b);
}

/**
 * A person's appraisal for a period: their scorecard's KPIs for them (scope owner = person),
 * scored; with the comments and sign-offs stored for it. Once anyone has signed, the signed
 * numbers are the appraisal and `changedSinceSignOff` tells whether the data has moved on.
 */
export function computeAppraisal(
  db: Database.Database,
  settings: WorkspaceSettings,
  personName: string,
  period: string,
): Appraisal {
  const label = periodLabel(settings, period);
  const person = requireKnownScope(db, { dim: 'owner', name: personName });
  const record = db.prepare('SELECT * FROM appraisals WHERE person = ? AND period = ?').get(person, label) as
    AppraisalRecord | undefined;
  const frozen = record?.snapshot ? (JSON.parse(record.snapshot) as Scored) : null;
  // A signed appraisal is scored on the scorecard as it was signed, so it stays readable (and
  // comparable with today's data) after that scorecard is edited, reassigned or deleted.
  const { team, scorecard, via } = frozen
    ? {
        team: teamOf(db, person),
        scorecard: {
          id: 0,
          name: frozen.scorecard,
          cap: frozen.cap,
          missingRule: frozen.missingRule,
          lines: frozen.lines.map((l) => ({ kpi: l.kpi, weight: l.weight, perspective: l.perspective })),
          assignedTo: [],
        },
        via: frozen.assignedVia ?? ('team' as const),
      }
    : scorecardOf(db, person);
  const rows = computeKpis(db, settings, {
    kpis: scorecard.lines.map((l) => l.kpi),
    period: label,
    scope: { dim: 'owner', name: person },
  });
  const library = kpiLibrary(db);
  const live = scoreLines(
    rows,
    scorecard,
    settings.ratingBands,
    (kpi) => library.get(kpi)?.direction ?? 'higher',
  );
  const { assignedVia: _signedVia, ratingBands: signedBands, ...shown } = frozen ?? live;
  return {
    person,
    team,
    period: label,
    ...shown,
    ratingBands: signedBands ?? settings.ratingBands,
    assignedVia: via,
    reviewerComment: record?.reviewer_comment ?? null,
    employeeComment: record?.employee_comment ?? null,
    reviewerSignOff: record?.reviewer_name
      ? { name: record.reviewer_name, at: record.reviewer_signed_at! }
      : null,
    employeeSignOff: record?.employee_name
      ? { name: record.employee_name, at: record.employee_signed_at! }
      : null,
    frozen: frozen !== null,
    changedSinceSignOff: frozen !== null && !sameNumbers(frozen, live),
  };
}

function ensureRecord(db: Database.Database, person: string, period: string, now: string): AppraisalRecord {
  db.prepare(
    'INSERT INTO appraisals (person, period, updated_at) VALUES (?, ?, ?) ON CONFLICT (person, period) DO NOTHING',
  ).run(person, period, now);
  return db
    .prepare('SELECT * FROM appraisals WHERE person = ? AND period = ?')
    .get(person, period) as AppraisalRecord;
}

/** Reviewer and employee comments; each party's comment is fixed once that party has signed. */
export function commentOnAppraisal(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: { person: string; period: string; reviewerComment?: string | null; employeeComment?: string | null },
): Appraisal {
  const current = computeAppraisal(db, settings, input.person, input.period);
  const now = new Date().toISOString();
  db.transaction(() => {
    ensureRecord(db, current.person, current.period, now);
    if (input.reviewerComment !== undefined) {
      if (current.reviewerSignOff) {
        throw new KinerjaError(
          'conflict',
          `The reviewer signed this appraisal on ${current.reviewerSignOff.at.slice(0, 10)}; the comment is final`,
        );
      }
      db.prepare(
        'UPDATE appraisals SET reviewer_comment = ?, updated_at = ? WHERE person = ? AND period = ?',
      ).run(input.reviewerComment?.trim() || null, now, current.person, current.period);
    }
    if (input.employeeComment !== undefined) {
      if (current.employeeSignOff) {
        throw new KinerjaError(
          'conflict',
          `${current.person} signed this appraisal on ${current.employeeSignOff.at.slice(0, 10)}; the comment is final`,
        );
      }
      db.prepare(
        'UPDATE appraisals SET employee_comment = ?, updated_at = ? WHERE person = ? AND period = ?',
      ).run(input.employeeComment?.trim() || null, now, current.person, current.period);
    }
  })();
  return computeAppraisal(db, settings, current.person, current.period);
}

/**
 * Signs the appraisal as reviewer or employee. The first signature freezes the numbers: what
 * both parties sign is the same score, whatever is imported in between.
 */
export function signAppraisal(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: { person: string; period: string; role: 'reviewer' | 'employee'; name: string },
): Appraisal {
  const name = input.name.trim();
  if (!name) throw new KinerjaError('invalid_request', 'A sign-off needs the name of the person signing');
  const current = computeAppraisal(db, settings, input.person, input.period);
  const already = input.role === 'reviewer' ? current.reviewerSignOff : current.employeeSignOff;
  if (already) {
    throw new KinerjaError('conflict', `Already signed by ${already.name} on ${already.at.slice(0, 10)}`, {
      code: 'already_signed',
      params: { name: already.name, date: already.at.slice(0, 10) },
    });
  }
  if (current.score === null) {
    throw new KinerjaError(
      'invalid_request',
      `${current.person} has no score for ${current.period}: no KPI of the scorecard has both a target and data`,
    );
  }
  const now = new Date().toISOString();
  db.transaction(() => {
    ensureRecord(db, current.person, current.period, now);
    const column = input.role === 'reviewer' ? 'reviewer' : 'employee';
    db.prepare(
      `UPDATE appraisals SET ${column}_name = ?, ${column}_signed_at = ?, updated_at = ?,
         snapshot = coalesce(snapshot, ?) WHERE person = ? AND period = ?`,
    ).run(
      name,
      now,
      now,
      JSON.stringify({
        assignedVia: current.assignedVia,
        ratingBands: current.ratingBands,
        scorecard: current.scorecard,
        cap: current.cap,
        missingRule: current.missingRule,
        lines: current.lines,
        score: current.score,
        rating: current.rating,
      } satisfies Scored),
      current.person,
      current.period,
    );
  })();
  return computeAppraisal(db, settings, current.person, current.period);
}

/** Every member of a team with their score, rating and rank (1 = best); ties share a rank. */
export function teamAppraisals(
  db: Database.Database,
  settings: WorkspaceSettings,
  teamName: string,
  period: string,
): { team: string; period: string; people: TeamAppraisalRow[] } {
  const { team, people } = teamMembers(db, teamName);
  const label = periodLabel(settings, period);
  const rows = people.map((person): TeamAppraisalRow => {
    try {
      const a = computeAppraisal(db, settings, person, label);
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
      if (e instanceof KinerjaError && e.kind === 'not_found') {
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
      throw e;
    }
  });
  const scores = rows.filter((r) => r.score !== null).map((r) => round9(r.score!));
  for (const r of rows) {
    if (r.score !== null) r.rank = 1 + scores.filter((s) => s > round9(r.score!)).length;
  }
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.person.localeCompare(b.person));
  return { team, period: label, people: rows };
}
