import { existsSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheetRows, writeXlsx } from './index.js';
import { makeTempDir } from './test-workbooks.js';

const ROWS = 200_000;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await makeTempDir();
  file = path.join(dir, 'big.xlsx');
  const owners = ['Budi Santoso', 'Siti Rahayu', 'Agus Wijaya', 'Dewi Lestari', 'Rina Kusuma'];
  const rows: (string | number | null)[][] = [['Date', 'Owner', 'Amount', 'Status', 'Note']];
  for (let i = 1; i <= ROWS; i += 1) {
    rows.push([
      45_000 + (i % 700),
      owners[i % owners.length]!,
      (i * 7919) % 1_000_003,
      i % 3 === 0 ? 'won' : 'open',
      i % 10 === 0 ? `note ${i}` : null,
    ]);
  }
  await writeXlsx(file, [{ name: 'Deals', rows }]);
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const openDescriptors = (): number => readdirSync('/proc/self/fd').length;

describe('streaming a large sheet', () => {
  it('yields rows while most of the file is still unread, and keeps the event loop turning', async () => {
    const total = (await fs.stat(file)).size;
    let bytesRead = 0;
    let bytesAtFirstRow = -1;
    let rows = 0;
    let lastRow = 0;
    let ticks = 0;
    let lastTick = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - lastTick);
      lastTick = now;
      ticks += 1;
    }, 5);
    try {
      lastTick = performance.now();
      for await (const row of readSheetRows(file, { onProgress: (read) => (bytesRead = read) })) {
        if (bytesAtFirstRow < 0) bytesAtFirstRow = bytesRead;
        rows += 1;
        lastRow = row.row;
      }
    } finally {
      clearInterval(timer);
    }
    expect(rows).toBe(ROWS + 1);
    expect(lastRow).toBe(ROWS + 1);
    expect(bytesAtFirstRow).toBeGreaterThan(0);
    expect(bytesAtFirstRow).toBeLessThan(total / 10);
    expect(bytesRead).toBe(total);
    expect(ticks).toBeGreaterThan(5);
    // Generous for slow machines; the reader pauses every ~15 ms of work.
    expect(longestGap).toBeLessThan(250);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes the file when the consumer stops early', async () => {
    const before = openDescriptors();
    let seen = 0;
    for await (const _ of readSheetRows(file)) {
      seen += 1;
      if (seen === 10) break;
    }
    expect(seen).toBe(10);
    // Closing is asynchronous; give it a turn.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openDescriptors()).toBe(before);
  });
});
