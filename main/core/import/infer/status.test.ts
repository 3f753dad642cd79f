import { describe, expect, it } from 'vitest';
import { parseStatusWord } from './status.js';

describe('parseStatusWord', () => {
  it('reads won, lost and open words in both languages', () => {
    for (const t of [
      'won',
      'Won',
      'WON',
      ' closed won ',
      'Closed Won',
      'closedwon',
      'Closed_Won',
      'closed-won',
      'Menang',
      'berhasil',
    ]) {
      expect(parseStatusWord(t)).toBe('won');
    }
    for (const t of ['lost', 'Closed Lost', 'closed_lost', 'closedlost', 'Kalah', 'GAGAL']) {
      expect(parseStatusWord(t)).toBe('lost');
    }
    for (const t of ['', 'open', 'Negotiation', 'Prospecting', 'won?', 'closed']) {
      expect(parseStatusWord(t)).toBe('open');
    }
  });

  it('adds --won/--lost words folded the same way as the cells', () => {
    const extra = { won: ['Deal_Won', 'Lunas'], lost: ['Batal', 'no-deal'] };
    expect(parseStatusWord('deal won', extra)).toBe('won');
    expect(parseStatusWord('LUNAS', extra)).toBe('won');
    expect(parseStatusWord('batal', extra)).toBe('lost');
    expect(parseStatusWord('No Deal', extra)).toBe('lost');
    expect(parseStatusWord('pending', extra)).toBe('open');
  });
});
