import { z } from 'zod';

/**
 * Connectors built into core. `forward` passes every batch from the pipeline that exports to it to the
 * pipelines that receive from it, so one pipeline's output can feed others.
 */
export const BUILTIN_CONNECTORS: ReadonlyMap<string, z.ZodType> = new Map([['forward', z.strictObject({})]]);
