import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the text between `<!-- bench:<name>:begin -->` and `<!-- bench:<name>:end -->` in a markdown file,
 * so the README's figures are always the output of the last `pnpm bench`, never typed by hand.
 */
export function replaceReadmeBlock(file: string, name: string, content: string): boolean {
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return false;
  writeFileSync(file, `${text.slice(0, from + begin.length)}\n${content.trim()}\n${text.slice(to)}`);
  return true;
}
