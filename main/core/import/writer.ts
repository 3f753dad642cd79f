import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { rebuildRollups, factDayRange, type FactKind } from '../kpi/rollups.js';
import { factColumns, type FactRecord } from './kinds.js';

export type WriteOutcome = 'inserted' | 'updated' | 'unchanged';

/** Which dimension each name column refers to, and the table that holds those names. */
const nameColumns: Record<string, { column: string; table: string }> = {
  owner: { column: 'owner_id', table: 'people' },
  team: { column: 'team_id', table: 'teams' },
  source: { column: 'source_id', table: 'sources' },
  campaign: { column: 'campaign_id', table: 'campaigns' },
  platform: { column: 'platform_id', table: 'platforms' },
};

/** Day columns whose values decide which rollup days a write touches. */
export const dayColumns: Record<FactKind, readonly string[]> = {
  deals: ['closed_day'],
  leads: ['created_day', 'mql_day', 'sql_day'],
  spend: ['day_from', 'day_to'],
  web: ['day_from', 'day_to'],
  social: ['day_from', 'day_to'],
};

/**
 * Writes the facts of one import batch: resolves names to dimension rows, upserts by
 * external_id (or by a fingerprint of the row when the file has none), records what each row
 * was before so the batch can be undone, and refreshes the rollups of the days it touched.
 * The caller owns the transaction, so a failed import leaves nothing behind.
 */
export class FactWriter {
  readonly counts = { inserted: 0, updated: 0, unchanged: 0 };
  duplicatesInFile = 0;
  /** Owner → team, read once per batch: most files name few people many times. */
  private readonly teamOfOwner = new Map<number, number | null>();
  private readonly fingerprints = new Map<string, number>();
  private readonly nameCache = new Map<string, number>();
  private touched: { from: number; to: number } | null = null;
  private touchedAccounts = false;
  private readonly dbColumns: string[];
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly recordChange: Database.Statement;
  private readonly ownerTeam: Database.Statement;
  private readonly setOwnerTeam: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    readonly kind: FactKind,
    readonly batchId: number,
  ) {
    this.dbColumns = factColumns[kind].map((c) => nameColumns[c]?.column ?? c);
    const cols = this.dbColumns;
    this.select = db.prepare(
      `SELECT id, ${cols.join(', ')}, import_batch_id FROM ${kind} WHERE external_id = ?`,
    );
    // Inserting first and looking up only on conflict keeps a fresh import at one statement a row.
    this.insert = db.prepare(
      `INSERT INTO ${kind} (${cols.join(', ')}, import_batch_id) VALUES (${cols.map(() => '?').join(', ')}, ?)
       ON CONFLICT (external_id) DO NOTHING`,
    );
    this.update = db.prepare(
      `UPDATE ${kind} SET ${cols.map((c) => `${c} = ?`).join(', ')}, import_batch_id = ? WHERE id = ?`,
    );
    this.recordChange = db.prepare(
      'INSERT OR IGNORE INTO import_changes (batch_id, kind, fact_id, prior) VALUES (?, ?, ?, ?)',
    );
    this.ownerTeam = db.prepare('SELECT team_id FROM people WHERE id = ?').pluck();
    this.setOwnerTeam = db.prepare('UPDATE people SET team_id = ? WHERE id = ? AND team_id IS NULL');
  }

  private idFor(dim: string, name: string | null): number | null {
    if (name === null) return null;
    const { table } = nameColumns[dim]!;
    const cacheKey = `${table}\u0000${name.toLowerCase()}`;
    let id = this.nameCache.get(cacheKey);
    if (id === undefined) {
      const created = this.db.prepare(`INSERT OR IGNORE INTO ${table} (name) VALUES (?)`).run(name);
      id = this.db.prepare(`SELECT id FROM ${table} WHERE name = ?`).pluck().get(name) as number;
      // Names the batch introduced go with it when it is undone.
      if (created.changes) this.recordChange.run(this.batchId, table, id, null);
      this.nameCache.set(cacheKey, id);
    }
    return id;
  }

  /** Fingerprint id for rows without an external_id; repeats in one file stay distinct rows. */
  private fingerprint(fact: FactRecord): string {
    const hash = crypto.createHash('sha1').update(JSON.stringify(fact)).digest('hex').slice(0, 20);
    const n = (this.fingerprints.get(hash) ?? 0) + 1;
    this.fingerprints.set(hash, n);
    return `#${hash}-${n}`;
  }

  private touch(row: Record<string, unknown>): void {
    for (const col of dayColumns[this.kind]) {
      const d = row[col];
      if (typeof d !== 'number') continue;
      this.touched = this.touched
        ? { from: Math.min(this.touched.from, d), to: Math.max(this.touched.to, d) }
        : { from: d, to: d };
    }
    if (this.kind === 'deals' && row.account != null) this.touchedAccounts = true;
  }

  private teamOf(owner: number): number | null {
    if (!this.teamOfOwner.has(owner))
      this.teamOfOwner.set(owner, (this.ownerTeam.get(owner) as number | null) ?? null);
    return this.teamOfOwner.get(owner)!;
  }

  /**
   * Rows the batch inserts carry its id and need no change record: undo finds them by that id.
   * Rows it updates keep their previous values in import_changes.
   */
  write(fact: FactRecord): WriteOutcome {
    const externalId = (fact.external_id as string | null) ?? this.fingerprint(fact);
    const values: Record<string, string | number | null> = { ...fact, external_id: externalId };
    for (const [dim, { column }] of Object.entries(nameColumns)) {
      if (dim in values) {
        values[column] = this.idFor(dim, values[dim] as string | null);
        delete values[dim];
      }
    }
    if (this.kind === 'deals') {
      const owner = values.owner_id as number | null;
      if (owner !== null && values.team_id !== null && this.teamOf(owner) === null) {
        // A person's team is learnt from the first deal that names both.
        this.setOwnerTeam.run(values.team_id, owner);
        this.recordChange.run(this.batchId, 'people', owner, JSON.stringify({ team_id: null }));
        this.teamOfOwner.set(owner, values.team_id as number);
      }
    }
    const ordered = this.dbColumns.map((c) => values[c] ?? null);
    this.touch(values);
    if (this.insert.run(...ordered, this.batchId).changes) {
      this.counts.inserted++;
      return 'inserted';
    }
    const existing = this.select.get(externalId) as Record<string, string | number | null>;
    if (existing.import_batch_id === this.batchId) this.duplicatesInFile++;
    if (this.dbColumns.every((c, i) => existing[c] === ordered[i])) {
      this.counts.unchanged++;
      return 'unchanged';
    }
    this.touch(existing);
    const { id, ...prior } = existing;
    this.recordChange.run(this.batchId, this.kind, id, JSON.stringify(prior));
    this.update.run(...ordered, this.batchId, id);
    this.counts.updated++;
    return 'updated';
  }

  /** Refreshes the rollups for every day the batch touched (before and after values). */
  finish(): void {
    refreshAfterWrite(this.db, this.kind, this.touched, this.touchedAccounts);
  }
}

/**
 * Rebuilds the rollups a write to `kind` over `touched` days affects. A deal can change an
 * account's first win (new customers) on another day and a lead's conversion, so deal writes
 * widen the range to those accounts' wins and rebuild the lead rollups too.
 */
export function refreshAfterWrite(
  db: Database.Database,
  kind: FactKind,
  touched: { from: number; to: number } | null,
  widenForAccounts = true,
): void {
  if (!touched) return;
  let range = touched;
  if (kind === 'deals' && widenForAccounts) {
    const all = factDayRange(db, 'deals');
    if (all) range = { from: Math.min(range.from, all.from), to: Math.max(range.to, all.to) };
  }
  rebuildRollups(db, kind, range);
  if (kind === 'deals') {
    const leads = factDayRange(db, 'leads');
    if (leads) rebuildRollups(db, 'leads', leads);
  }
}
