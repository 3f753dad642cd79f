import { fileURLToPath } from 'node:url';
import {
  openTextTable,
  type OpenTextTableOptions,
  type TextTableEnd,
  type TextTableInfo,
  type TextTableRow,
} from './read-text-table.js';

/** Project root, so tests find test/fixtures and ../shared/datasets wherever vitest runs. */
export const projectRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`test/fixtures/csv/${name}`, `file://${projectRoot}`));

export interface ReadResult {
  info: TextTableInfo;
  rows: TextTableRow[];
  end: TextTableEnd;
}

export async function readAll(file: string, options?: OpenTextTableOptions): Promise<ReadResult> {
  const table = await openTextTable(file, options);
  const rows: TextTableRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return { info: table.info, rows, end: table.end() };
}
