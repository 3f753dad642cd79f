/**
 * XLSX export. Strings are written inline (no shared-string table to collect first), so every
 * sheet streams straight into the zip; the file appears under its name only once complete.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fail, SpreadsheetError } from './errors.js';
import { MAX_COLUMNS, MAX_ROWS } from './types.js';
import { ZipWriter } from './zip-write.js';

export interface SheetToWrite {
  name: string;
  rows: (string | number | null)[][];
}

const MAX_CELL_CHARS = 32_767;
const MAX_BUSY_MS = 15;
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

const columnNames: string[] = [];
function columnName(index: number): string {
  let name = columnNames[index];
  if (name === undefined) {
    name = '';
    for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    }
    columnNames[index] = name;
  }
  return name;
}

function escapeAttr(text: string): string {
  return text.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text for a `<t>` element. Characters XML 1.0 cannot carry (and CR, which XML readers turn into
 * LF) become `_xHHHH_` escapes; text that already looks like such an escape gets its underscore
 * escaped so it reads back unchanged. Lone surrogates are not valid UTF-8 and become U+FFFD.
 */
export function escapeCellText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const special = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_/;
  let out = text.replace(loneSurrogate, '\uFFFD');
  if (!special.test(out)) return out;
  out = out.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  // eslint-disable-next-line no-control-regex
  return out.replace(/[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    if (c === '&') return '&amp;';
    if (c === '<') return '&lt;';
    if (c === '>') return '&gt;';
    return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  });
}

function checkSheetNames(file: string, sheets: SheetToWrite[]): void {
  if (sheets.length === 0) fail(file, 'a workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const { name } of sheets) {
    if (name.length === 0 || name.length > 31) {
      fail(file, `the sheet name '${name}' must have 1 to 31 characters`);
    }
    if (/[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
      fail(file, `the sheet name '${name}' may not contain [ ] : * ? / \\ or start or end with '`);
    }
    const folded = name.toLowerCase();
    if (seen.has(folded)) fail(file, `two sheets are named '${name}' (Excel ignores case in sheet names)`);
    seen.add(folded);
  }
}

async function* sheetXml(file: string, sheet: SheetToWrite): AsyncGenerator<string> {
  const { name, rows } = sheet;
  if (rows.length > MAX_ROWS) fail(file, `sheet '${name}' has ${rows.length} rows; Excel allows ${MAX_ROWS}`);
  yield `${XML_HEADER}<worksheet xmlns="${MAIN_NS}"><sheetData>`;
  let busySince = performance.now();
  for (let r = 0; r < rows.length; r += 1) {
    const cells = rows[r]!;
    if (cells.length > MAX_COLUMNS) {
      fail(file, `sheet '${name}', row ${r + 1} has ${cells.length} cells; Excel allows ${MAX_COLUMNS}`);
    }
    const rowNumber = r + 1;
    let xml = '';
    for (let c = 0; c < cells.length; c += 1) {
      const value = cells[c];
      if (value === null || value === undefined) continue;
      const ref = columnName(c) + rowNumber;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
          fail(file, `sheet '${name}', cell ${ref}: ${value} cannot be stored in a spreadsheet`);
        }
        xml += `<c r="${ref}"><v>${Object.is(value, -0) ? 0 : value}</v></c>`;
      } else {
        if (value.length > MAX_CELL_CHARS) {
          fail(
            file,
            `sheet '${name}', cell ${ref} has ${value.length} characters; Excel allows ${MAX_CELL_CHARS}`,
          );
        }
        const space = /^\s|\s$|[\n\t]/.test(value) ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}" t="inlineStr"><is><t${space}>${escapeCellText(value)}</t></is></c>`;
      }
    }
    if (xml !== '') yield `<row r="${rowNumber}">${xml}</row>`;
    if ((r & 1023) === 0 && performance.now() - busySince > MAX_BUSY_MS) {
      await nextTurn();
      busySince = performance.now();
    }
  }
  yield '</sheetData></worksheet>';
}

const STYLES =
  `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

export async function writeXlsxFile(file: string, sheets: SheetToWrite[]): Promise<void> {
  checkSheetNames(file, sheets);
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  let zip: ZipWriter | null = null;
  try {
    zip = await ZipWriter.create(temp);
    const sheetTypes = sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('');
    await zip.addEntry('[Content_Types].xml', [
      `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        `${sheetTypes}</Types>`,
    ]);
    await zip.addEntry('_rels/.rels', [
      `${XML_HEADER}<Relationships xmlns="${PKG_REL_NS}">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ]);
    const sheetList = sheets
      .map((sheet, i) => `<sheet name="${escapeAttr(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('');
    await zip.addEntry('xl/workbook.xml', [
      `${XML_HEADER}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheetList}</sheets></workbook>`,
    ]);
    const sheetRels = sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('');
    await zip.addEntry('xl/_rels/workbook.xml.rels', [
      `${XML_HEADER}<Relationships xmlns="${PKG_REL_NS}">${sheetRels}` +
        `<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ]);
    await zip.addEntry('xl/styles.xml', [STYLES]);
    for (let i = 0; i < sheets.length; i += 1) {
      await zip.addEntry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(file, sheets[i]!));
    }
    await zip.finish();
    zip = null;
    await fs.rename(temp, file);
  } catch (error) {
    await zip?.abort();
    await fs.rm(temp, { force: true });
    if (error instanceof SpreadsheetError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    return fail(file, `the workbook could not be written (${why})`);
  }
}
