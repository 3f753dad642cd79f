// A floor for the import benchmark: the deals of a canonical CSV, with every value already
// parsed before the clock starts, inserted through better-sqlite3 into a workspace's deals
// table (its indexes and constraints, the import's own statement shape) and committed. No
// reading, decoding, validation, name lookups or rollups: what no import in this process can
// beat. Prints JSON: rows and the time of the inserts and the commit.
//
//   node scripts/bench-insert-floor.cjs EMPTY_WORKSPACE deals.csv
const fs = require('node:fs');
const Database = require('better-sqlite3');

const [workspace, csv] = process.argv.slice(2);
const lines = fs.readFileSync(csv, 'utf8').split('\n');
const header = lines[0].split(',');
const at = (name) => header.indexOf(name);
const day = (iso) => (iso ? Date.parse(`${iso}T00:00:00Z`) / 86_400_000 : null);
const names = new Map();
const idOf = (name) => {
  if (!name) return null;
  if (!names.has(name)) names.set(name, names.size + 1);
  return names.get(name);
};
const rows = [];
for (let i = 1; i < lines.length; i++) {
  if (!lines[i]) continue;
  // The generator writes no quoted fields, so a plain split reads its files exactly.
  const c = lines[i].split(',');
  if (c.length !== header.length) throw new Error(`line ${i + 1}: expected ${header.length} fields`);
  rows.push([
    c[at('external_id')],
    c[at('title')] || null,
    idOf(c[at('owner')]),
    idOf(c[at('team')]),
    c[at('account')] || null,
    idOf(c[at('source')]),
    idOf(c[at('campaign')]),
    c[at('stage')] || null,
    c[at('status')],
    c[at('amount')] ? Math.round(Number(c[at('amount')]) * 10_000) : null,
    c[at('currency')] || null,
    day(c[at('created_at')]),
    day(c[at('closed_at')]),
    c[at('lead_external_id')] || null,
    1,
  ]);
}
lines.length = 0;

const db = new Database(workspace);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
// Dimension ids must exist for the foreign keys; the import creates them as it meets names.
for (const table of ['people', 'teams', 'sources', 'campaigns'])
  for (const [name, id] of names) db.prepare(`INSERT INTO ${table} (id, name) VALUES (?, ?)`).run(id, name);
db.prepare(
  "INSERT INTO import_batches (id, kind, file_name, created_at) VALUES (1, 'deals', 'floor', '')",
).run();

const columns =
  'external_id, title, owner_id, team_id, account, source_id, campaign_id, stage, status, amount_e4, currency, created_day, closed_day, lead_external_id, import_batch_id';
const insert = db.prepare(
  `INSERT INTO deals (${columns}) VALUES (${columns
    .split(',')
    .map(() => '?')
    .join(', ')}) ON CONFLICT (external_id) DO NOTHING`,
);
const started = performance.now();
db.exec('BEGIN IMMEDIATE');
for (const row of rows) insert.run(row);
const inserted = performance.now();
db.exec('COMMIT');
const committed = performance.now();
db.close();
process.stdout.write(
  JSON.stringify({ rows: rows.length, insertMs: inserted - started, commitMs: committed - inserted }),
);
