/**
 * XLSX export. Strings are written inline (no shared-string table to collect first) and rows are
 * pulled from an iterable as they are written, so every sheet streams straight into the zip;
 * the file appears under its name only once complete (see files/atomic-write).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { writeFileAtomically, type AtomicWriteOptions } from '../../files/atomic-write.js';
import { fail } from './errors.js';
import { MAX_COLUMNS, MAX_ROWS } from './types.js';
import { ZipWriter } from './zip-write.js';

/** A number shown with an Excel number format code (e.g. `0.0%`, `"Rp "#,##0`); the value stays a number. */
export interface FormattedNumber {
  value: number;
  format: string;
}

export type CellToWrite = string | number | null | FormattedNumber;

export interface SheetToWrite {
  name: string;
  rows: Iterable<CellToWrite[]> | AsyncIterable<CellToWrite[]>;
  /** The first row is a header: shown bold and frozen, so it stays in view while scrolling. */
  header?: boolean;
  /** Column widths in characters, from column A. */
  columnWidths?: number[];
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

/**
 * Cell styles: 0 is General, 1 the bold header; each distinct number format met while the rows
 * stream gets the next index. styles.xml is written after the sheets, once all formats are known.
 */
class StyleTable {
  private readonly formats = new Map<string, number>();
  /** Custom number formats start at 164; lower ids are Excel's built-in ones. */
  styleFor(format: string): number {
    let style = this.formats.get(format);
    if (style === undefined) {
      style = this.formats.size + 2;
      this.formats.set(format, style);
    }
    return style;
  }
  xml(): string {
    const formats = [...this.formats.keys()];
    const numFmts = formats.length
      ? `<numFmts count="${formats.length}">${formats
          .map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeAttr(code)}"/>`)
          .join('')}</numFmts>`
      : '';
    const xfs = [
      '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
      '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
      ...formats.map(
        (_, i) =>
          `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
      ),
    ];
    return (
      `${XML_HEADER}<styleSheet xmlns="${MAIN_NS}">${numFmts}` +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
      '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }
}

const HEADER_STYLE = 1;

function sheetStart(sheet: SheetToWrite): string {
  const frozen = sheet.header
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
    : '';
  const widths = sheet.columnWidths ?? [];
  const cols = widths.length
    ? `<cols>${widths
        .map(
          (w, i) =>
            `<col min="${i + 1}" max="${i + 1}" width="${Math.max(1, Math.min(w, 255))}" customWidth="1"/>`,
        )
        .join('')}</cols>`
    : '';
  return `${XML_HEADER}<worksheet xmlns="${MAIN_NS}">${frozen}${cols}<sheetData>`;
}

async function* sheetXml(file: string, sheet: SheetToWrite, styles: StyleTable): AsyncGenerator<string> {
  const { name } = sheet;
  yield sheetStart(sheet);
  let busySince = performance.now();
  let r = 0;
  for await (const cells of sheet.rows) {
    if (r >= MAX_ROWS) fail(file, `sheet '${name}' has more than ${MAX_ROWS} rows; Excel allows ${MAX_ROWS}`);
    if (cells.length > MAX_COLUMNS) {
      fail(file, `sheet '${name}', row ${r + 1} has ${cells.length} cells; Excel allows ${MAX_COLUMNS}`);
    }
    const rowNumber = r + 1;
    const rowStyle = sheet.header && r === 0 ? ` s="${HEADER_STYLE}"` : '';
    let xml = '';
    for (let c = 0; c < cells.length; c += 1) {
      const cell = cells[c];
      if (cell === null || cell === undefined) continue;
      const ref = columnName(c) + rowNumber;
      const value = typeof cell === 'object' ? cell.value : cell;
      const style = typeof cell === 'object' ? ` s="${styles.styleFor(cell.format)}"` : rowStyle;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
          fail(file, `sheet '${name}', cell ${ref}: ${value} cannot be stored in a spreadsheet`);
        }
        xml += `<c r="${ref}"${style}><v>${Object.is(value, -0) ? 0 : value}</v></c>`;
      } else {
        if (value.length > MAX_CELL_CHARS) {
          fail(
            file,
            `sheet '${name}', cell ${ref} has ${value.length} characters; Excel allows ${MAX_CELL_CHARS}`,
          );
        }
        const space = /^\s|\s$|[\n\t]/.test(value) ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeCellText(value)}</t></is></c>`;
      }
    }
    if (xml !== '') yield `<row r="${rowNumber}">${xml}</row>`;
    if ((r & 1023) === 0 && performance.now() - busySince > MAX_BUSY_MS) {
      await nextTurn();
      busySince = performance.now();
    }
    r += 1;
  }
  yield '</sheetData></worksheet>';
}

async function writeParts(file: string, zip: ZipWriter, sheets: SheetToWrite[]): Promise<void> {
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
  const styles = new StyleTable();
  for (let i = 0; i < sheets.length; i += 1) {
    await zip.addEntry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(file, sheets[i]!, styles));
  }
  await zip.addEntry('xl/styles.xml', [styles.xml()]);
}

/**
 * Writes the workbook atomically. Bad content (a sheet name or cell Excel would refuse) is a
 * SpreadsheetError; a file-system failure (missing folder, full disk) a KinerjaError naming the path.
 */
export async function writeXlsxFile(
  file: string,
  sheets: SheetToWrite[],
  options?: AtomicWriteOptions,
): Promise<void> {
  checkSheetNames(file, sheets);
  await writeFileAtomically(
    file,
    async (temp) => {
      const zip = await ZipWriter.create(temp);
      try {
        await writeParts(file, zip, sheets);
        await zip.finish();
      } catch (error) {
        await zip.abort();
        throw error;
      }
    },
    options,
  );
}
