/**
 * Control characters: never accepted in a config (names and values end up in metric labels, log lines and
 * terminals, where an ESC rewrites the screen), and never printed raw in a message about one.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;
/** In a value, tab and line breaks are text (a block scalar holds several lines); everything else is not. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_VALUE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape (`\u001b`, `\n`), safe to print on one line. */
export function escapeControl(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL_ALL, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first control character of a key (any) or a value (tab and line breaks allowed), or undefined. */
export function findControl(text: string, kind: 'key' | 'value'): string | undefined {
  const m = (kind === 'key' ? CONTROL : CONTROL_IN_VALUE).exec(text);
  return m === null ? undefined : m[0];
}

/** "U+001B (ESC)" */
export function describeControl(ch: string): string {
  const code = ch.charCodeAt(0);
  const name = ABBREVIATIONS[code] ?? (code === 0x7f ? 'DEL' : undefined);
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${name === undefined ? '' : ` (${name})`}`;
}

const ABBREVIATIONS: Readonly<Record<number, string>> = {
  0: 'NUL',
  7: 'BEL',
  8: 'BS',
  9: 'TAB',
  10: 'LF',
  13: 'CR',
  27: 'ESC',
};
