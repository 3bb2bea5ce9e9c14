import type { ComponentDefinition } from './define.js';
import type { ComponentKind } from './types.js';

/** Where a definition came from, shown by `settle components` and in plugin errors. */
export interface ComponentOrigin {
  readonly packageName: string;
  readonly packageVersion: string;
}

export interface RegisteredComponent {
  readonly definition: ComponentDefinition;
  readonly origin: ComponentOrigin;
}

/**
 * All component types the running binary knows, by kind and type. Fed by the built-in packages and by the
 * plugins a config names; the config loader resolves `receivers: { cloudflare/eu: ... }` through it.
 */
export class ComponentRegistry {
  private readonly byKey = new Map<string, RegisteredComponent>();

  register(definition: ComponentDefinition, origin: ComponentOrigin): void {
    const key = `${definition.kind}:${definition.type}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      throw new Error(
        `${definition.kind} type "${definition.type}" from ${origin.packageName} is already registered by ${existing.origin.packageName}`,
      );
    }
    this.byKey.set(key, { definition, origin });
  }

  get(kind: ComponentKind, type: string): RegisteredComponent | undefined {
    return this.byKey.get(`${kind}:${type}`);
  }

  /** Types of one kind, sorted: used in "unknown type" errors to list what is available. */
  types(kind: ComponentKind): string[] {
    return this.list()
      .filter((c) => c.definition.kind === kind)
      .map((c) => c.definition.type);
  }

  list(): RegisteredComponent[] {
    const order: Record<ComponentKind, number> = { receiver: 0, processor: 1, exporter: 2 };
    return [...this.byKey.values()].sort(
      (a, b) =>
        order[a.definition.kind] - order[b.definition.kind] || a.definition.type.localeCompare(b.definition.type),
    );
  }
}
