import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { KpiDefinition } from '../../../shared/contract/schemas.js';
import { builtInKpiCodes } from '../../../shared/kpi/catalog.js';
import {
  checkFormulaReferences,
  findFormulaCycle,
  FormulaError,
  parseFormula,
  type FormulaNode,
} from '../../../shared/kpi/formula.js';

export interface CustomKpiInput {
  code: string;
  name: { id: string; en: string };
  formula: string;
  unit: KpiDefinition['unit'];
  direction: KpiDefinition['direction'];
}

/**
 * Defines or redefines a custom KPI. The formula is parsed (never evaluated as code), every
 * code it names must exist, and custom KPIs may not refer to each other in a loop.
 */
export function defineCustomKpi(db: Database.Database, input: CustomKpiInput): void {
  checkCustomKpi(db, input);
  db.prepare(
    `INSERT INTO custom_kpis (code, name_id, name_en, formula, unit, direction, created_at)
     VALUES (@code, @nameId, @nameEn, @formula, @unit, @direction, @at)
     ON CONFLICT (code) DO UPDATE SET name_id = excluded.name_id, name_en = excluded.name_en,
       formula = excluded.formula, unit = excluded.unit, direction = excluded.direction`,
  ).run({
    code: input.code,
    nameId: input.name.id,
    nameEn: input.name.en,
    formula: input.formula,
    unit: input.unit,
    direction: input.direction,
    at: new Date().toISOString(),
  });
}

/**
 * Everything saving a custom KPI checks, without saving: the editor's preview runs the same
 * checks, so a formula it previews is one that saves.
 */
export function checkCustomKpi(db: Database.Database, input: CustomKpiInput): void {
  if (builtInKpiCodes.has(input.code)) {
    throw new KinerjaError('conflict', `'${input.code}' is a built-in KPI; choose another code`);
  }
  if (['min', 'max', 'abs', 'if_null'].includes(input.code)) {
    throw new KinerjaError(
      'conflict',
      `'${input.code}' is the name of a formula function; choose another code`,
    );
  }
  let node: FormulaNode;
  const existing = new Map(
    (db.prepare('SELECT code, formula FROM custom_kpis').all() as { code: string; formula: string }[]).map(
      (r) => [r.code, r.formula],
    ),
  );
  try {
    node = parseFormula(input.formula);
    checkFormulaReferences(node, (c) => builtInKpiCodes.has(c) || existing.has(c) || c === input.code);
  } catch (e) {
    if (e instanceof FormulaError)
      throw new KinerjaError('invalid_request', `KPI ${input.code}: ${e.message}`);
    throw e;
  }
  const formulas: Record<string, FormulaNode> = {};
  for (const [code, text] of existing) formulas[code] = parseFormula(text);
  formulas[input.code] = node;
  const cycle = findFormulaCycle(formulas, (c) => builtInKpiCodes.has(c));
  if (cycle) {
    throw new KinerjaError(
      'invalid_request',
      `KPI ${input.code}: formulas refer to each other in a loop: ${cycle.join(' → ')}`,
    );
  }
}
