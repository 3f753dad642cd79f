import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Day } from '../../../shared/kpi/periods.js';
import { canonicalFields } from '../import/kinds.js';
import { demoKinds } from './generate.js';

/**
 * Writes the demo company as canonical CSV files instead of a workspace: practice material
 * for importing, and the input of the benchmark at any size. Rows are written in chunks so
 * a million-row file never sits in memory.
 */
export function writeDemoCsvFiles(
  dir: string,
  o: { seed: number; from: Day; to: Day; deals: number; only?: string[] },
): Record<string, { file: string; rows: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const out: Record<string, { file: string; rows: number }> = {};
  for (const [kind, generate] of Object.entries(demoKinds)) {
    if (o.only && !o.only.includes(kind)) continue;
    const columns = [...canonicalFields[kind as keyof typeof demoKinds]];
    const file = path.join(dir, `${kind}.csv`);
    const fd = fs.openSync(file, 'w');
    let rows = 0;
    try {
      fs.writeSync(fd, stringify([columns]));
      let chunk: string[][] = [];
      const flush = () => {
        if (chunk.length) fs.writeSync(fd, stringify(chunk));
        chunk = [];
      };
      for (const row of generate(o)) {
        chunk.push(columns.map((c) => row[c] ?? ''));
        rows++;
        if (chunk.length === 10_000) flush();
      }
      flush();
    } finally {
      fs.closeSync(fd);
    }
    out[kind] = { file, rows };
  }
  return out;
}
