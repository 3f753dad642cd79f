import fs from 'node:fs';
import path from 'node:path';
import { demoDeals, demoLeads, demoSocial, demoSpend, demoWeb, rng } from '../../main/core/demo/generate.js';
import { dayFromIso, isoFromDay, type Day } from '../../shared/kpi/periods.js';
import { runCli } from '../helpers/cli.js';
import type { Files, Row } from './reference.js';

export type Kind = keyof Files;
export const kinds: readonly Kind[] = ['deals', 'leads', 'spend', 'web', 'social'];

// ---------------------------------------------------------------------------------------------
// CSV

const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Header = every key any row uses, in first-seen order, so optional columns stay aligned. */
export function toCsv(rows: readonly Row[]): string {
  const header: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        header.push(k);
      }
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(header.map((h) => csvField(r[h] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** RFC 4180 reader (quotes, doubled quotes, CRLF or LF); the first record is the header. */
export function parseCsv(textIn: string): Row[] {
  const text = textIn.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  if (!header) return [];
  return body
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

// ---------------------------------------------------------------------------------------------
// Data sets

/**
 * The demo generator's company, roughened with what real exports contain and the plain demo
 * never exercises: empty owners, sources and accounts, a person without a team, leads owned by
 * someone who sells nothing, fractional and negative money, spend/web/social totals over
 * ranges that straddle period boundaries, lead↔deal links both ways, same-day repeat wins for
 * one account, and text that needs CSV quoting.
 */
export function makeDataset(seed: number, dealCount: number, fromIso: string, toIso: string): Files {
  const o = { seed, from: dayFromIso(fromIso), to: dayFromIso(toIso), deals: dealCount };
  const deals = [...demoDeals(o)];
  const leads = [...demoLeads(o)];
  const spend = [...demoSpend(o)];
  const web = [...demoWeb(o)];
  const social = [...demoSocial(o)];
  const r = rng(seed ^ 0x5eed1234);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  // Four decimals, as Superstore writes them: money must stay exact to the last one.
  const money = (max: number) =>
    `${Math.floor(r() * max)}.${String(Math.floor(r() * 10_000)).padStart(4, '0')}`;

  for (const d of deals) {
    const x = r();
    if (x < 0.03) d.owner = '';
    else if (x < 0.05) {
      d.owner = 'Tanpa Tim';
      d.team = '';
    }
    if (r() < 0.04) d.account = '';
    else if (d.account!.endsWith(' 7')) d.account += ', Tbk';
    const y = r();
    if (y < 0.03) d.source = '';
    else if (y < 0.05) {
      d.source = 'Webinar';
      d.campaign = 'Webinar "Q"';
    }
    if (d.status !== 'open' && r() < 0.03) d.created_at = '';
    if (r() < 0.1) d.amount = `${d.amount}.${String(Math.floor(r() * 10_000)).padStart(4, '0')}`;
    if (leads.length > 0 && r() < 0.1) d.lead_external_id = pick(leads).external_id!;
    if (r() < 0.05) d.title = `Paket "Hemat", ${d.title}`;
  }
  // Some deals name their seller but leave the team empty: they count for the seller's team. A
  // stream of its own keeps every other random choice as it was.
  const blank = rng(seed ^ 0x7ea40000);
  for (const d of deals) if (d.owner && d.team && blank() < 0.05) d.team = '';
  // Same account, same close day, later in the file: only the first of each pair is new.
  const twins = deals.filter((d) => d.status === 'won' && d.account && r() < 0.05);
  twins.forEach((d, i) => {
    const other = pick(deals.filter((e) => e.owner && e.owner !== d.owner));
    deals.push({
      ...d,
      external_id: `DEAL-9${String(i).padStart(6, '0')}`,
      owner: other.owner!,
      team: other.team!,
      source: other.source!,
      campaign: other.campaign!,
      amount: money(5e7),
      lead_external_id: '',
    });
  });

  const dealIds = deals.map((d) => d.external_id!);
  for (const l of leads) {
    const x = r();
    if (x < 0.03) l.owner = '';
    else if (x < 0.05) l.owner = 'Tanpa Tim';
    else if (x < 0.07) l.owner = 'Orang Baru';
    if (r() < 0.03) l.source = '';
    const y = r();
    if (y < 0.1) l.deal_external_id = pick(dealIds);
    else if (y < 0.11) l.deal_external_id = 'DEAL-X-MISSING';
  }

  // Owners whose only lead activity late in the data is an SQL date, or an MQL date: the lead
  // counts are then 0, not "no value".
  const late = (days: number) => isoFromDay(Math.max(o.from, o.to - days));
  const quiet = { source: 'Referral', campaign: '', status: 'sql', converted_at: '', deal_external_id: '' };
  leads.push(
    {
      ...quiet,
      external_id: 'LEAD-SQL-ONLY',
      owner: 'Penjual Malam',
      created_at: late(400),
      mql_at: late(399),
      sql_at: late(200),
    },
    {
      ...quiet,
      external_id: 'LEAD-MQL-ONLY',
      owner: 'Penjual Pagi',
      created_at: late(400),
      mql_at: late(220),
      sql_at: '',
    },
  );

  const ranges = (minLen: number, maxLen: number, gapMin: number, gapMax: number) => {
    const out: [string, string][] = [];
    for (
      let d: Day = o.from + Math.floor(r() * 10);
      d <= o.to;
      d += gapMin + Math.floor(r() * (gapMax - gapMin))
    ) {
      const end = Math.min(d + minLen + Math.floor(r() * (maxLen - minLen)), o.to);
      out.push([isoFromDay(d), isoFromDay(end)]);
    }
    return out;
  };
  for (const [from, to] of ranges(3, 45, 20, 50)) {
    spend.push({
      date_from: from,
      date_to: to,
      source: pick(['Pameran', 'Google Ads', 'Webinar']),
      campaign: pick(['', 'Promo Ramadan', 'Webinar "Q"']),
      kind: 'marketing',
      amount: money(5e7),
    });
  }
  for (const [from, to] of ranges(6, 20, 90, 200)) {
    spend.push({
      date_from: from,
      date_to: to,
      source: 'Google Ads',
      campaign: '',
      kind: 'marketing',
      amount: `-${money(2e6)}`,
    });
  }
  for (const [from, to] of ranges(10, 40, 40, 80)) {
    spend.push({
      date_from: from,
      date_to: to,
      source: pick(['', 'Telemarketing']),
      campaign: '',
      kind: 'sales',
      amount: money(3e7),
    });
  }
  spend.push({
    date: isoFromDay(o.from + 40),
    source: 'Meta Ads',
    campaign: '',
    kind: 'marketing',
    amount: '5000.005',
  });

  for (const [from, to] of ranges(2, 14, 7, 20)) {
    const sessions = 50 + Math.floor(r() * 3000);
    const counts = r() < 0.3;
    web.push({
      date_from: from,
      date_to: to,
      source: pick(['Newsletter', 'Google Ads', '']),
      sessions: String(sessions),
      users: String(Math.round(sessions * 0.8)),
      ...(counts
        ? {
            bounces: String(Math.floor(sessions * r())),
            total_duration_s: String(Math.floor(sessions * 90 * r())),
          }
        : { bounce_rate: (0.2 + r() * 0.5).toFixed(4), avg_session_duration_s: (30 + r() * 300).toFixed(1) }),
    });
  }
  for (const [from, to] of ranges(2, 21, 10, 25)) {
    const impressions = 1000 + Math.floor(r() * 50_000);
    social.push({
      date_from: from,
      date_to: to,
      platform: pick(['YouTube', '']),
      impressions: String(impressions),
      reach: String(Math.floor(impressions * 0.6)),
      engagements: String(Math.floor(impressions * 0.04 * r())),
      clicks: String(Math.floor(impressions * 0.01)),
      followers: '500',
      conversions: String(Math.floor(r() * 20)),
    });
  }
  return { deals, leads, spend, web, social };
}

// ---------------------------------------------------------------------------------------------
// The real CLI

export function cli(args: string[]): string {
  const res = runCli(args);
  if (res.code !== 0) throw new Error(`kinerja ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
  return res.stdout;
}

/** A workspace made and filled only through the CLI, as a user would. */
export function workspaceFromFiles(dir: string, files: Partial<Files>): string {
  const ws = path.join(dir, 'w.kinerja');
  cli(['init', '--workspace', ws, '--name', 'PT Uji Mandiri', '--locale', 'id-ID']);
  for (const kind of kinds) {
    const rows = files[kind];
    if (!rows) continue;
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, toCsv(rows));
    const summary = JSON.parse(cli(['import', file, '--workspace', ws, '--kind', kind, '--json'])) as {
      read: number;
      inserted: number;
      rejected?: number;
    };
    if (summary.read !== rows.length || summary.inserted !== rows.length) {
      throw new Error(`import of ${kind} took ${JSON.stringify(summary)} of ${rows.length} rows`);
    }
  }
  return ws;
}

export interface KpiRow {
  kpi: string;
  period: string;
  scope: Record<string, string | null>;
  value: number | null;
  target: number | null;
  achievement: number | null;
  status: string;
}

export function kpiJson(ws: string, ...args: string[]): KpiRow[] {
  return JSON.parse(cli(['kpi', '--workspace', ws, '--json', ...args])) as KpiRow[];
}

// ---------------------------------------------------------------------------------------------
// Comparing

/**
 * Relative tolerance for floats; money must be the exact decimal (the double nearest to it, as
 * a spreadsheet's SUM shows it), never merely close.
 */
export function sameNumber(got: number | null, want: number | null, exact = false): boolean {
  if (got === null || want === null) return got === want;
  if (typeof got !== 'number' || !Number.isFinite(got)) return false;
  if (exact) return got === want;
  return Math.abs(got - want) <= 1e-9 * Math.max(Math.abs(got), Math.abs(want)) + 1e-12;
}
