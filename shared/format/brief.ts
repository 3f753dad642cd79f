/**
 * Keeps messages short whatever the input: a file can hold a 1 MB cell or 50,000 headers, and
 * an error or summary that repeats them all is unreadable (and can stall a terminal or a dialog).
 */

/** Characters of one value shown in a message; longer values are cut and their length said. */
export const MAX_SHOWN_CHARS = 80;

/** Names listed in a message before the rest are only counted. */
export const MAX_SHOWN_NAMES = 10;

const count = (n: number) => n.toLocaleString('en-US');

/** `text` as is when short, else its start and how long it is: `xxxx… (1,000,000 characters)`. */
export function clipText(text: string, max = MAX_SHOWN_CHARS): string {
  const shown = text.length <= max ? text : text.slice(0, max);
  // Control characters (a NUL in a damaged file) are shown, not sent to the terminal.
  const visible = shown.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return text.length <= max ? visible : `${visible}… (${count(text.length)} characters)`;
}

/** `a, b, c` for a few names; the first ten and `and 49,990 more` for many. Each name is clipped. */
export function listNames(names: readonly string[], max = MAX_SHOWN_NAMES): string {
  const shown = names.slice(0, max).map((n) => clipText(n, 40));
  const rest = names.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${count(rest)} more` : shown.join(', ');
}

/** The longest error message sent to a screen or terminal; a list of problems fits well inside. */
export const MAX_MESSAGE_CHARS = 8000;

/** A last guard for any message that would still carry a huge input (a path of a megabyte). */
export function clipMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (${count(message.length - MAX_MESSAGE_CHARS)} more characters left out)`;
}
