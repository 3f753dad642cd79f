import { parseStatus } from '../values.js';

export type StatusWord = 'open' | 'won' | 'lost';

const statusKey = (word: string): string =>
  word
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * Deal status (handbook §8): won / closed won / menang / berhasil, lost / closed lost / kalah /
 * gagal, anything else open. `--won`/`--lost` words are compared after the same folding as the
 * cell, so `--won Deal_Won` matches `deal won`.
 */
export function parseStatusWord(text: string, extra: { won?: string[]; lost?: string[] } = {}): StatusWord {
  return parseStatus(text, { won: extra.won?.map(statusKey), lost: extra.lost?.map(statusKey) });
}
