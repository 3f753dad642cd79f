/**
 * Excel keeps dates as day serials and only the number format says a cell is a date. These
 * helpers decide that from the format and turn serials into day numbers (days since 1970-01-01,
 * the same numbering as shared/kpi/periods).
 */

/** Built-in number formats that Excel renders as dates or times. */
export function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47);
}

const formatCache = new Map<string, boolean>();

/**
 * True when a format code shows a date: it has a d, m or y token outside quoted text, bracketed
 * parts (colours, locales, conditions, elapsed-time units), escaped characters and the
 * character operands of `_` (padding) and `*` (fill).
 */
export function isDateFormatCode(code: string): boolean {
  const cached = formatCache.get(code);
  if (cached !== undefined) return cached;
  let bare = '';
  for (let i = 0; i < code.length; i += 1) {
    const c = code[i]!;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      i = end < 0 ? code.length : end;
    } else if (c === '\\' || c === '_' || c === '*') {
      i += 1;
    } else {
      bare += c;
    }
  }
  // AM/PM markers contain an M that is not a month.
  bare = bare.replace(/am\/pm|a\/p/gi, '');
  const result = /[dmy]/i.test(bare) && !/^general$/i.test(bare.trim());
  if (formatCache.size < 10_000) formatCache.set(code, result);
  return result;
}

const MS_PER_DAY = 86_400_000;
/** 1970-01-01 as a serial of the 1900 date system (the epoch of serials from 61 on is 1899-12-30). */
const UNIX_EPOCH_1900 = 25_569;
/** 1970-01-01 as a serial of the 1904 date system (epoch 1904-01-01). */
const UNIX_EPOCH_1904 = 24_107;
/** 9999-12-31, Excel's last date, in the 1900 system. */
const MAX_SERIAL_1900 = 2_958_465;

/**
 * Serial → day number, dropping the time of day, or null when the serial is no date Excel would
 * show. In the 1900 system Excel (after Lotus 1-2-3) counts a 29 February 1900 that never
 * existed: serials 1–59 are one day later than the 1899-12-30 epoch suggests, and serial 60
 * (the phantom day) is taken as 1900-02-28, as openpyxl does.
 */
export function serialToDay(serial: number, date1904: boolean): number | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  // Round to the millisecond first so 43468.99999999999 (midnight after float noise) is 43469.
  const ms = Math.round(serial * MS_PER_DAY);
  const whole = Math.floor(ms / MS_PER_DAY);
  if (date1904) {
    if (whole > MAX_SERIAL_1900 - 1462) return null;
    return whole - UNIX_EPOCH_1904;
  }
  if (whole > MAX_SERIAL_1900) return null;
  if (whole >= 61) return whole - UNIX_EPOCH_1900;
  if (whole === 60) return 59 - UNIX_EPOCH_1900 + 1;
  return whole - UNIX_EPOCH_1900 + 1;
}
