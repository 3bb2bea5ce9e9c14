import { coreVersion, escapeControl, loadPlugins, projectPlugins, type ComponentRegistry } from '@settle/core';
import { join } from 'node:path';
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

/**
 * Without `-c`, `settle components` also shows the plugins the current folder's project depends on (its
 * package.json dependencies with the `settle-plugin` keyword). One that cannot be loaded is a warning line.
 */
export async function loadProjectPlugins(registry: ComponentRegistry, io: CliIo, dir = process.cwd()): Promise<void> {
  const names = await projectPlugins(dir);
  const file = join(dir, 'package.json');
  const specs = names.map((spec) => ({ spec, line: 0, column: 0, path: 'dependencies' }));
  for (const problem of await loadPlugins(specs, dir, registry, { file })) {
    println(io.stderr, `settle: ${escapeControl(problem.message)}`);
  }
}
