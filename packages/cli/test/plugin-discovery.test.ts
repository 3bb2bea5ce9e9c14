import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { captureIo } from './capture-io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pluginYaml = join(root, 'examples', 'plugin.yaml');

/** The receiver types a `settle schema` output knows. */
function receiverTypes(schemaJson: string): string[] {
  const schema = JSON.parse(schemaJson) as { properties: { receivers: { patternProperties?: object } } };
  return [...JSON.stringify(schema.properties.receivers).matchAll(/\^(\w+)\(/g)].map((m) => m[1] ?? '');
}

describe('settle schema -c FILE', () => {
  it("adds the config's plugins' components to the schema", async () => {
    const plain = captureIo();
    expect(await main(['schema'], plain)).toBe(0);
    const withPlugins = captureIo();
    expect(await main(['schema', '-c', pluginYaml], withPlugins)).toBe(0);
    expect(plain.out()).not.toContain('"hello');
    expect(withPlugins.out()).toContain('who to greet');
    expect(withPlugins.out().length).toBeGreaterThan(plain.out().length);
    expect(receiverTypes(withPlugins.out()).length).toBeGreaterThanOrEqual(receiverTypes(plain.out()).length);
  });

  it('still prints the schema for a config with other mistakes, but not when a plugin is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-schema-'));
    const sloppy = join(dir, 'sloppy.yaml');
    writeFileSync(
      sloppy,
      `plugins: ['${join(root, 'examples', 'plugin-hello')}']\nreceivers: { hello: { bogus: 1 } }\n`,
    );
    const io = captureIo();
    expect(await main(['schema', '-c', sloppy], io)).toBe(0);
    expect(io.out()).toContain('who to greet');
    const missing = join(dir, 'missing.yaml');
    writeFileSync(missing, `plugins: ['@acme/settle-nowhere']\n`);
    const bad = captureIo();
    expect(await main(['schema', '-c', missing], bad)).toBe(1);
    expect(bad.out()).toBe('');
    expect(bad.err()).toMatch(
      /missing\.yaml:1:\d+ +plugins\[0\] +plugin "@acme\/settle-nowhere" not found: run "npm install/,
    );
  });
});

describe('settle components in a project folder', () => {
  // The real binary (compiled, as a user runs it): plugins are imported by Node itself, as in production.
  it("lists the settle plugins the folder's package.json depends on", () => {
    const project = mkdtempSync(join(tmpdir(), 'settle-project-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'p', dependencies: { '@settle-examples/plugin-hello': '*', missing: '*' } }),
    );
    mkdirSync(join(project, 'node_modules', '@settle-examples'), { recursive: true });
    symlinkSync(
      join(root, 'examples', 'plugin-hello'),
      join(project, 'node_modules', '@settle-examples', 'plugin-hello'),
    );
    const bin = join(root, 'packages', 'cli', 'bin', 'settle.js');
    const result = spawnSync(process.execPath, [bin, 'components'], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/receiver +hello +development +@settle-examples\/plugin-hello +0\.1\.0/);
    expect(result.stdout).toMatch(/processor +scale +development +@settle-examples\/plugin-hello/);
    const elsewhere = spawnSync(process.execPath, [bin, 'components'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(elsewhere.stdout).not.toContain('plugin-hello');
  });
});
