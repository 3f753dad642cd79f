import type { ErrorDetail } from '../../../shared/contract/errors';

/**
 * Says a core error in the UI language. The core's errors carry a code and the values the
 * sentence needs; the language layer registers how to say them, and the core's English text is
 * the fallback for any error without a translation.
 */
type Translator = (detail: ErrorDetail) => string | null;

let translator: Translator | null = null;

export function setErrorTranslator(fn: Translator | null): void {
  translator = fn;
}

export function translateError(detail: ErrorDetail | undefined): string | null {
  return detail && translator ? translator(detail) : null;
}
