// The baseline of the KPI benchmark: the same sums as the CLI's answer, by a plain GROUP BY
// over the deals table (the way a spreadsheet-to-SQL tool would do it), in its own process.
// Prints JSON: the rows and the time of the query alone.
const Database = require('better-sqlite3');

const [file, from, to] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
const started = performance.now();
const rows = db
  .prepare(
    `SELECT p.name AS owner, strftime('%Y-%m', d.closed_day * 86400, 'unixepoch') AS month,
            count(*) AS closed, sum(d.status = 'won') AS won,
            sum(CASE WHEN d.status = 'won' THEN d.amount_e4 ELSE 0 END) AS won_e4,
            sum(CASE WHEN d.status = 'won' AND d.created_day IS NOT NULL THEN d.closed_day - d.created_day ELSE 0 END) AS cycle_days,
            sum(d.status = 'won' AND d.created_day IS NOT NULL) AS cycle_n
     FROM deals d LEFT JOIN people p ON p.id = d.owner_id
     WHERE d.status IN ('won', 'lost') AND d.closed_day BETWEEN ? AND ?
     GROUP BY d.owner_id, month`,
  )
  .all(Number(from), Number(to));
const queryMs = performance.now() - started;
process.stdout.write(JSON.stringify({ queryMs, rows }));
