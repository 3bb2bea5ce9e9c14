import { parseArgs } from 'node:util';

export const KINDS = ['receiver', 'processor', 'exporter'] as const;
export type Kind = (typeof KINDS)[number];

/** What the scaffold needs to write a plugin. */
export interface PluginOptions {
  readonly kind: Kind;
  /** The component type users write in YAML, e.g. `acme_http`. */
  readonly type: string;
  /** The npm package name, e.g. `settle-exporter-acme-http` or `@acme/settle-http`. */
  readonly packageName: string;
  /** The folder to create (relative to the working directory). */
  readonly dir: string;
}

/** A mistake in the flags or answers: one line, no stack. */
export class OptionsError extends Error {}

/** Same rule as core's COMPONENT_TYPE_PATTERN (a YAML key users type; core refuses anything else). */
const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
const PACKAGE_PATTERN = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

export const USAGE = `usage: npm create settle-plugin -- [--kind receiver|processor|exporter] [--name TYPE] [--package NAME] [--dir DIR]
  --kind      what the component does (asked when missing)
  --name      the component type used in YAML: lowercase letters, digits, _ (asked when missing)
  --package   npm package name (default settle-<kind>-<name>)
  --dir       folder to create (default: the package name without its scope)
`;

export interface RawOptions {
  kind?: string | undefined;
  name?: string | undefined;
  package?: string | undefined;
  dir?: string | undefined;
  help: boolean;
}

export function parseFlags(argv: readonly string[]): RawOptions {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        kind: { type: 'string' },
        name: { type: 'string' },
        package: { type: 'string' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    return { ...values, help: values.help === true };
  } catch (err) {
    throw new OptionsError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

export function checkKind(kind: string): Kind {
  const found = KINDS.find((k) => k === kind);
  if (found === undefined) throw new OptionsError(`--kind must be one of ${KINDS.join(', ')}, not "${kind}"`);
  return found;
}

export function checkType(name: string): string {
  if (!TYPE_PATTERN.test(name)) {
    throw new OptionsError(
      `--name "${name}" is not a component type: use lowercase letters, digits and _, starting with a letter`,
    );
  }
  return name;
}

/** Completes the options once kind and type are known. */
export function completeOptions(kind: Kind, type: string, packageName?: string, dir?: string): PluginOptions {
  const name = packageName ?? `settle-${kind}-${type.replaceAll('_', '-')}`;
  if (!PACKAGE_PATTERN.test(name)) throw new OptionsError(`--package "${name}" is not a valid npm package name`);
  return { kind, type, packageName: name, dir: dir ?? name.replace(/^@[^/]+\//, '') };
}
