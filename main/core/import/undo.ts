import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { FactKind } from '../kpi/rollups.js';
import { dayColumns, refreshAfterWrite } from './writer.js';

export interface UndoSummary {
  batchId: number;
  removed: number;
  restored: number;
}

/**
 * Restores exactly the state before a batch: rows it inserted are deleted, rows it updated get
 * their earlier values back. A later batch that changed the same rows must be undone first,
 * otherwise undoing this one would silently throw away that later change.
 */
export function undoImport(db: Database.Database, batchId: number): UndoSummary {
  return db.transaction(() => {
    const batch = db.prepare('SELECT id, kind, undone_at FROM import_batches WHERE id = ?').get(batchId) as
      { id: number; kind: string; undone_at: string | null } | undefined;
    if (!batch)
      throw new KinerjaError('not_found', `There is no import batch ${batchId}; see the import history`);
    if (batch.undone_at)
      throw new KinerjaError('conflict', `Import batch ${batchId} was already undone on ${batch.undone_at}`);
    // A later batch touched this batch's rows if it recorded a change to a row this batch changed,
    // or to a row whose previous state this batch had written (inserted rows carry no record).
    const later = db
      .prepare(
        `SELECT DISTINCT c2.batch_id FROM import_changes c2
         JOIN import_batches b ON b.id = c2.batch_id AND b.undone_at IS NULL
         WHERE c2.batch_id > @batch
           AND (json_extract(c2.prior, '$.import_batch_id') = @batch
                OR EXISTS (SELECT 1 FROM import_changes c1
                           WHERE c1.batch_id = @batch AND c1.kind = c2.kind AND c1.fact_id = c2.fact_id))
         ORDER BY c2.batch_id DESC`,
      )
      .pluck()
      .all({ batch: batchId }) as number[];
    if (later.length) {
      throw new KinerjaError(
        'conflict',
        `Import batch ${batchId} cannot be undone while later batches changed the same rows; undo batch ${later.join(', then ')} first`,
      );
    }
    const changes = db
      .prepare('SELECT kind, fact_id, prior FROM import_changes WHERE batch_id = ?')
      .all(batchId) as { kind: string; fact_id: number; prior: string | null }[];
    let removed = 0;
    let restored = 0;
    const touched = new Map<FactKind, { from: number; to: number }>();
    const touch = (kind: FactKind, row: Record<string, unknown> | undefined) => {
      for (const col of dayColumns[kind]) {
        const d = row?.[col];
        if (typeof d !== 'number') continue;
        const t = touched.get(kind);
        touched.set(kind, t ? { from: Math.min(t.from, d), to: Math.max(t.to, d) } : { from: d, to: d });
      }
    };
    // Rows the batch inserted: those still carrying its id that it did not merely update.
    for (const kind of Object.keys(dayColumns) as FactKind[]) {
      const inserted = `FROM ${kind} WHERE import_batch_id = @batch
        AND id NOT IN (SELECT fact_id FROM import_changes WHERE batch_id = @batch AND kind = '${kind}')`;
      const span = dayColumns[kind].map((c) => `min(${c}) AS min_${c}, max(${c}) AS max_${c}`).join(', ');
      const bounds = db
        .prepare(`SELECT count(*) AS n, ${span} ${inserted}`)
        .get({ batch: batchId }) as Record<string, number | null>;
      if (!bounds.n) continue;
      for (const c of dayColumns[kind]) {
        touch(kind, { [c]: bounds[`min_${c}`] });
        touch(kind, { [c]: bounds[`max_${c}`] });
      }
      removed += db.prepare(`DELETE ${inserted}`).run({ batch: batchId }).changes;
    }
    const dimensionTables = new Set(['people', 'teams', 'sources', 'campaigns', 'platforms']);
    // Facts first, then people (who refer to teams), then the other names.
    const rank = (kind: string) => (!dimensionTables.has(kind) ? 0 : kind === 'people' ? 1 : 2);
    changes.sort((a, b) => rank(a.kind) - rank(b.kind));
    for (const c of changes) {
      if (dimensionTables.has(c.kind)) {
        if (c.prior === null) {
          try {
            db.prepare(`DELETE FROM ${c.kind} WHERE id = ?`).run(c.fact_id);
          } catch (e) {
            // A later batch refers to this name too; it stays.
            if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw e;
          }
        } else
          db.prepare(`UPDATE ${c.kind} SET team_id = @team_id WHERE id = @id`).run({
            ...JSON.parse(c.prior),
            id: c.fact_id,
          });
        continue;
      }
      if (c.kind === 'kpi_values') {
        if (c.prior === null) db.prepare('DELETE FROM kpi_values WHERE rowid = ?').run(c.fact_id);
        else {
          const p = JSON.parse(c.prior) as { value: number; note: string | null };
          db.prepare('UPDATE kpi_values SET value = ?, note = ? WHERE rowid = ?').run(
            p.value,
            p.note,
            c.fact_id,
          );
        }
        if (c.prior === null) removed++;
        else restored++;
        continue;
      }
      const kind = c.kind as FactKind;
      const current = db.prepare(`SELECT * FROM ${kind} WHERE id = ?`).get(c.fact_id) as
        Record<string, unknown> | undefined;
      touch(kind, current);
      if (c.prior === null) {
        db.prepare(`DELETE FROM ${kind} WHERE id = ?`).run(c.fact_id);
        removed++;
      } else {
        const prior = JSON.parse(c.prior) as Record<string, string | number | null>;
        const cols = Object.keys(prior);
        db.prepare(`UPDATE ${kind} SET ${cols.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @__id`).run({
          ...prior,
          __id: c.fact_id,
        });
        touch(kind, prior);
        restored++;
      }
    }
    for (const [kind, range] of touched) refreshAfterWrite(db, kind, range);
    db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(new Date().toISOString(), batchId);
    return { batchId, removed, restored };
  })();
}

export interface BatchInfo {
  id: number;
  kind: string;
  fileName: string | null;
  createdAt: string;
  undoneAt: string | null;
  summary: Record<string, unknown>;
}

export function importHistory(db: Database.Database): BatchInfo[] {
  const rows = db
    .prepare(
      'SELECT id, kind, file_name, created_at, summary, undone_at FROM import_batches ORDER BY id DESC',
    )
    .all() as {
    id: number;
    kind: string;
    file_name: string | null;
    created_at: string;
    summary: string;
    undone_at: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    createdAt: r.created_at,
    undoneAt: r.undone_at,
    summary: JSON.parse(r.summary) as Record<string, unknown>,
  }));
}
