export type StatusWord = 'open' | 'won' | 'lost';

/** Case, spacing, `_` and `-` do not distinguish status words: `Closed_Won` is `closed won`. */
const statusKey = (word: string): string =>
  word
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

const wonWords = new Set(['won', 'closed won', 'closedwon', 'menang', 'berhasil']);
const lostWords = new Set(['lost', 'closed lost', 'closedlost', 'kalah', 'gagal']);

/**
 * Deal status (handbook §8): won / closed won / menang / berhasil, lost / closed lost / kalah /
 * gagal, anything else open. `--won`/`--lost` words are compared after the same folding as the
 * cell, so `--won Deal_Won` matches `deal won`.
 */
export function parseStatusWord(text: string, extra: { won?: string[]; lost?: string[] } = {}): StatusWord {
  const t = statusKey(text);
  if (wonWords.has(t) || extra.won?.some((w) => statusKey(w) === t)) return 'won';
  if (lostWords.has(t) || extra.lost?.some((w) => statusKey(w) === t)) return 'lost';
  return 'open';
}
