import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type {
  MissingRule,
  Perspective,
  Scorecard,
  ScorecardAssignment,
  ScorecardLine,
} from '../../../shared/contract/schemas.js';
import { kpiLibrary } from '../kpi/engine.js';
import { closestNames, requireKnownScope } from '../kpi/workspace-data.js';

export interface ScorecardInput {
  /** Absent for a new scorecard. */
  id?: number | null;
  name: string;
  cap?: number;
  missingRule?: MissingRule;
  lines: ScorecardLine[];
  assignedTo?: ScorecardAssignment[];
}

/** Weights are typed as percentages with up to two decimals; their sum may be off by rounding. */
const WEIGHT_TOLERANCE = 0.00005;

interface ScorecardRow {
  id: number;
  name: string;
  cap: number;
  missing_rule: MissingRule;
}

export function listScorecards(db: Database.Database): Scorecard[] {
  const cards = db
    .prepare('SELECT id, name, cap, missing_rule FROM scorecards ORDER BY name COLLATE NOCASE')
    .all() as ScorecardRow[];
  const lines = db.prepare(
    'SELECT kpi, weight, perspective FROM scorecard_lines WHERE scorecard_id = ? ORDER BY position',
  );
  const assignments = db.prepare(
    `SELECT dim, name FROM scorecard_assignments WHERE scorecard_id = ?
     ORDER BY dim DESC, name COLLATE NOCASE`,
  );
  return cards.map((c) => ({
    id: c.id,
    name: c.name,
    cap: c.cap,
    missingRule: c.missing_rule,
    lines: (lines.all(c.id) as { kpi: string; weight: number; perspective: Perspective | null }[]).map(
      (l) => ({
        kpi: l.kpi,
        weight: l.weight,
        perspective: l.perspective,
      }),
    ),
    assignedTo: assignments.all(c.id) as ScorecardAssignment[],
  }));
}

export function getScorecard(db: Database.Database, id: number): Scorecard {
  const card = listScorecards(db).find((c) => c.id === id);
  if (!card) throw new KinerjaError('not_found', `No scorecard with id ${id}`);
  return card;
}

/**
 * Creates or replaces a scorecard, all or nothing. The weights must add up to 100%: a score
 * is only fair when every KPI's share of it is stated. An assignment that named another
 * scorecard moves to this one (a person or team has one scorecard).
 */
export function saveScorecard(db: Database.Database, input: ScorecardInput): Scorecard {
  const name = input.name.trim();
  if (!name) throw new KinerjaError('invalid_request', 'A scorecard needs a name');
  const cap = input.cap ?? 1.2;
  if (!(cap >= 1 && cap <= 3)) {
    throw new KinerjaError(
      'invalid_request',
      `Achievement cap ${Number.isFinite(cap) ? formatShare(cap) : String(cap)}: expected between 100% and 300%`,
    );
  }
  if (input.lines.length === 0) throw new KinerjaError('invalid_request', `Scorecard '${name}' has no KPIs`);
  const library = kpiLibrary(db);
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    if (!library.has(line.kpi)) {
      const hint = closestNames([...library.keys()], line.kpi).join(', ');
      throw new KinerjaError(
        'invalid_request',
        `Line ${i + 1}: unknown KPI '${line.kpi}'; did you mean ${hint}?`,
      );
    }
    if (seen.has(line.kpi)) {
      throw new KinerjaError('invalid_request', `Line ${i + 1}: ${line.kpi} is already in the scorecard`);
    }
    seen.add(line.kpi);
    if (!(line.weight > 0 && line.weight <= 1)) {
      throw new KinerjaError(
        'invalid_request',
        `Line ${i + 1} (${line.kpi}): weight must be above 0% and at most 100%`,
      );
    }
  }
  const total = input.lines.reduce((sum, l) => sum + l.weight, 0);
  if (Math.abs(total - 1) > WEIGHT_TOLERANCE) {
    throw new KinerjaError(
      'invalid_request',
      `The weights of '${name}' add up to ${formatShare(total)}; expected 100%`,
      {
        code: 'weights_total',
        params: { name, total: Math.round(total * 10000) / 100 },
      },
    );
  }
  const assignments = (input.assignedTo ?? []).map((a) => ({
    dim: a.dim,
    name: requireKnownScope(db, a),
  }));
  const now = new Date().toISOString();
  const id = db.transaction(() => {
    const clash = db
      .prepare('SELECT id FROM scorecards WHERE name = ? COLLATE NOCASE AND id IS NOT ?')
      .pluck()
      .get(name, input.id ?? null) as number | undefined;
    if (clash !== undefined) {
      throw new KinerjaError('conflict', `A scorecard named '${name}' already exists`, {
        code: 'scorecard_exists',
        params: { name },
      });
    }
    let cardId: number;
    if (input.id != null) {
      const changed = db
        .prepare('UPDATE scorecards SET name = ?, cap = ?, missing_rule = ?, updated_at = ? WHERE id = ?')
        .run(name, cap, input.missingRule ?? 'redistribute', now, input.id).changes;
      if (!changed) throw new KinerjaError('not_found', `No scorecard with id ${input.id}`);
      cardId = input.id;
      db.prepare('DELETE FROM scorecard_lines WHERE scorecard_id = ?').run(cardId);
      db.prepare('DELETE FROM scorecard_assignments WHERE scorecard_id = ?').run(cardId);
    } else {
      cardId = Number(
        db
          .prepare('INSERT INTO scorecards (name, cap, missing_rule, updated_at) VALUES (?, ?, ?, ?)')
          .run(name, cap, input.missingRule ?? 'redistribute', now).lastInsertRowid,
      );
    }
    const insertLine = db.prepare(
      'INSERT INTO scorecard_lines (scorecard_id, position, kpi, weight, perspective) VALUES (?, ?, ?, ?, ?)',
    );
    input.lines.forEach((l, i) => insertLine.run(cardId, i, l.kpi, l.weight, l.perspective ?? null));
    const assign = db.prepare(
      `INSERT INTO scorecard_assignments (dim, name, scorecard_id) VALUES (?, ?, ?)
       ON CONFLICT (dim, name) DO UPDATE SET scorecard_id = excluded.scorecard_id`,
    );
    for (const a of assignments) assign.run(a.dim, a.name, cardId);
    return cardId;
  })();
  return getScorecard(db, id);
}

export function deleteScorecard(db: Database.Database, id: number): void {
  const changed = db.prepare('DELETE FROM scorecards WHERE id = ?').run(id).changes;
  if (!changed) throw new KinerjaError('not_found', `No scorecard with id ${id}`);
}

export interface PersonScorecard {
  person: string;
  team: string | null;
  scorecard: Scorecard;
  via: 'owner' | 'team';
}

/**
 * The scorecard a person is appraised on: their own assignment, else their team's. The person
 * must be one the workspace knows (as a deal or lead owner, or typed values).
 */
export function scorecardOf(db: Database.Database, personName: string): PersonScorecard {
  const person = requireKnownScope(db, { dim: 'owner', name: personName });
  const team = teamOf(db, person);
  const find = db
    .prepare('SELECT scorecard_id FROM scorecard_assignments WHERE dim = ? AND name = ?')
    .pluck();
  const own = find.get('owner', person) as number | undefined;
  const viaTeam = team === null ? undefined : (find.get('team', team) as number | undefined);
  const id = own ?? viaTeam;
  if (id === undefined) {
    throw new KinerjaError(
      'not_found',
      `No scorecard is assigned to ${person}${team ? ` or to ${team}` : ''}; assign one under Appraisals`,
      { code: team ? 'no_scorecard_team' : 'no_scorecard', params: { person, team: team ?? '' } },
    );
  }
  return { person, team, scorecard: getScorecard(db, id), via: own !== undefined ? 'owner' : 'team' };
}

/** A person's team as the workspace records it (from their deals), or null. */
export function teamOf(db: Database.Database, person: string): string | null {
  return (
    (db
      .prepare('SELECT t.name FROM people p JOIN teams t ON t.id = p.team_id WHERE p.name = ?')
      .pluck()
      .get(person) as string | undefined) ?? null
  );
}

/** The people of a team, as the workspace spells the team and them. */
export function teamMembers(db: Database.Database, teamName: string): { team: string; people: string[] } {
  const team = requireKnownScope(db, { dim: 'team', name: teamName });
  const people = db
    .prepare(
      `SELECT p.name FROM people p JOIN teams t ON t.id = p.team_id WHERE t.name = ?
       ORDER BY p.name COLLATE NOCASE`,
    )
    .pluck()
    .all(team) as string[];
  return { team, people };
}

function formatShare(x: number): string {
  return `${Math.round(x * 10000) / 100}%`;
}
