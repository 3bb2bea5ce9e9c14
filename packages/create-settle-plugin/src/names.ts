import type { PluginOptions } from './options.js';

/** The identifiers and file names a generated plugin uses, derived from its type and kind. */
export interface Names {
  /** `acme_http` → `acmeHttp`. */
  readonly camel: string;
  /** `acmeHttpExporter`: the exported definition. */
  readonly definition: string;
  /** `acmeHttpConfig`: the exported zod schema. */
  readonly config: string;
  /** `acme-http-exporter`: the source file, without extension. */
  readonly file: string;
}

export function namesOf(options: PluginOptions): Names {
  const camel = options.type.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const Kind = options.kind[0]?.toUpperCase() + options.kind.slice(1);
  return {
    camel,
    definition: `${camel}${Kind}`,
    config: `${camel}Config`,
    file: `${options.type.replaceAll('_', '-')}-${options.kind}`,
  };
}
