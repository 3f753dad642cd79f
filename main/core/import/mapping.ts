import { KinerjaError } from '../../../shared/contract/errors.js';
import { clipText, listNames } from '../../../shared/format/brief.js';
import { canonicalFields, type ImportKind } from './fields.js';
import { detectPreset, normaliseHeader, presetByName, presets, type Preset } from './presets.js';

export { fieldTypes, fieldTypeOf, type FieldType } from './fields.js';

export interface MappingOptions {
  preset?: string;
  /** `Header=field`, repeatable; one header may feed several fields. */
  map?: string[];
  /** `field=value`, repeatable: a constant for every row. */
  set?: string[];
}

export interface ColumnPlan {
  preset: Preset | null;
  /** Field → column indexes; the first non-empty cell wins. */
  fields: Map<string, number[]>;
  /** Field → columns whose numbers are added up. */
  sums: Map<string, number[]>;
  constants: Record<string, string>;
  /** Headers no field reads. */
  unused: string[];
  /** Columns that share a header with an earlier one and are not read (0-based, first column first). */
  duplicates: { header: string; columns: number[] }[];
}

function splitAssignment(text: string, what: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0)
    throw new KinerjaError(
      'invalid_request',
      `${what} '${clipText(text)}' should look like ${what === '--map' ? '"Header=field"' : 'field=value'}`,
    );
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/**
 * Decides which column feeds which canonical field: a preset (named, or recognised from the
 * headers), then headers that already carry a canonical name, then the user's --map and --set,
 * which always win.
 */
export function planColumns(
  file: string,
  kind: ImportKind,
  headers: string[],
  options: MappingOptions = {},
): ColumnPlan {
  const allowed = new Set(canonicalFields[kind]);
  const known = `a ${kind} file takes: ${[...allowed].join(', ')}`;
  let preset: Preset | null = null;
  if (options.preset) {
    preset = presetByName(options.preset) ?? null;
    if (!preset) {
      throw new KinerjaError(
        'invalid_request',
        `There is no preset '${options.preset}'; presets: ${presets.map((p) => p.name).join(', ')}`,
      );
    }
    if (preset.kind !== kind) {
      throw new KinerjaError(
        'invalid_request',
        `The preset '${preset.name}' reads ${preset.kind} files, not ${kind}`,
      );
    }
  } else {
    preset = detectPreset(headers, kind);
  }
  const normalised = headers.map(normaliseHeader);
  const fields = new Map<string, number[]>();
  const sums = new Map<string, number[]>();
  const add = (field: string, index: number) => {
    const list = fields.get(field) ?? [];
    if (!list.includes(index)) list.push(index);
    fields.set(field, list);
  };
  if (preset) {
    // Preset columns in the preset's own order of preference.
    for (const [header, target] of Object.entries(preset.columns)) {
      const i = normalised.indexOf(header);
      if (i < 0) continue;
      for (const field of [target].flat()) if (allowed.has(field)) add(field, i);
    }
    normalised.forEach((h, i) => {
      for (const p of preset!.patterns ?? []) if (p.match.test(h) && allowed.has(p.field)) add(p.field, i);
    });
    for (const [field, parts] of Object.entries(preset.sums ?? {})) {
      const idx = parts.map((p) => normalised.indexOf(p)).filter((i) => i >= 0);
      if (idx.length) sums.set(field, idx);
    }
  }
  normalised.forEach((h, i) => {
    const asField = h.replace(/[\s-]+/g, '_');
    if (allowed.has(asField) && !fields.has(asField)) add(asField, i);
  });
  for (const m of options.map ?? []) {
    const [header, field] = splitAssignment(m, '--map');
    const i = headers.findIndex((h) => h.trim() === header);
    const same = headers.flatMap((h, k) => (h.trim() === header ? [k + 1] : []));
    if (same.length > 1) {
      throw new KinerjaError(
        'invalid_request',
        `${file}: --map names the column '${header}', but columns ${same.join(' and ')} are both named so; rename one of them in the file`,
      );
    }
    if (i < 0) {
      throw new KinerjaError(
        'invalid_request',
        `${file}: --map names the column '${header}', which the file does not have (columns: ${listNames(headers)})`,
      );
    }
    if (!allowed.has(field))
      throw new KinerjaError('invalid_request', `--map ${m}: '${field}' is not a field; ${known}`);
    // An explicit mapping replaces whatever the preset or the header name chose for that field.
    fields.set(field, [i]);
    sums.delete(field);
  }
  const constants: Record<string, string> = { ...(preset?.set ?? {}) };
  for (const s of options.set ?? []) {
    const [field, value] = splitAssignment(s, '--set');
    if (!allowed.has(field))
      throw new KinerjaError('invalid_request', `--set ${s}: '${field}' is not a field; ${known}`);
    constants[field] = value;
    fields.delete(field);
  }
  for (const field of Object.keys(constants)) if (!allowed.has(field)) delete constants[field];
  const used = new Set([...fields.values(), ...sums.values()].flat());
  // Two columns of one name: the first is read, and a second one left unread is said, not dropped quietly.
  const byName = new Map<string, number[]>();
  normalised.forEach((h, i) => {
    if (h !== '') byName.set(h, [...(byName.get(h) ?? []), i]);
  });
  const duplicates = [...byName.values()]
    .filter((cols) => cols.length > 1 && cols.some((i) => !used.has(i)))
    .map((cols) => ({ header: headers[cols[0]!]!, columns: cols }));
  return {
    preset,
    fields,
    sums,
    constants,
    unused: headers.filter((_, i) => !used.has(i)),
    duplicates,
  };
}
