import { coreVersion, type ComponentRegistry } from '@settle/core';
import { println, type CliIo } from '../io.js';

/** Left-aligned columns separated by two spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `settle components`: every registered component, plus the built-in `forward` connector. */
export function componentsCommand(registry: ComponentRegistry, io: CliIo): number {
  const rows = [['KIND', 'TYPE', 'STABILITY', 'PACKAGE', 'VERSION']];
  for (const { definition, origin } of registry.list()) {
    rows.push([definition.kind, definition.type, definition.stability, origin.packageName, origin.packageVersion]);
  }
  rows.push(['connector', 'forward', 'stable', '@settle/core', coreVersion()]);
  println(io.stdout, formatTable(rows));
  return 0;
}
