import { z } from 'zod';
import { defineExporter } from '../component/define.js';
import type { Batch } from '../model/types.js';
import { exporterCounters } from './exporter-counters.js';
import { RotatingFile } from './rotating-file.js';

const config = z
  .object({
    path: z.string().min(1).describe('file to append JSON lines to; its folder is created if missing'),
    rotation: z
      .object({
        max_megabytes: z.number().positive().default(100).describe('rotate once the file would exceed this size'),
        max_backups: z.number().int().min(0).default(3).describe('rotated files kept as <path>.1 … <path>.N'),
      })
      .strict()
      .optional()
      .describe('size-based rotation; without it the file grows forever'),
  })
  .strict();

/** One JSON object per data point, one per line: easy to grep, to diff and to load anywhere. */
export function encodeBatchLines(batch: Batch): string {
  const hasResource = Object.keys(batch.resource).length > 0;
  let out = '';
  for (const m of batch.metrics) {
    for (const p of m.points) {
      out += `${JSON.stringify({
        name: m.descriptor.name,
        attributes: p.attributes,
        ...(hasResource ? { resource: batch.resource } : {}),
        ...(p.startMs === undefined ? {} : { startMs: p.startMs }),
        timeMs: p.timeMs,
        value: p.value,
      })}\n`;
    }
  }
  return out;
}

/** Appends every data point to a JSON-lines file, with optional size-based rotation. */
export const fileExporter = defineExporter({
  type: 'file',
  stability: 'alpha',
  description: 'appends one JSON line per data point to a file, rotated by size',
  config,
  create(ctx, cfg) {
    const file = new RotatingFile(
      cfg.path,
      cfg.rotation === undefined
        ? undefined
        : { maxBytes: Math.round(cfg.rotation.max_megabytes * 1024 * 1024), maxBackups: cfg.rotation.max_backups },
    );
    const counters = exporterCounters(ctx);
    return {
      start: () => Promise.resolve(),
      consume(batch) {
        return counters.count(batch, async () => {
          const text = encodeBatchLines(batch);
          if (text !== '') await file.append(text);
        });
      },
      async shutdown() {
        await file.close();
        ctx.logger.debug({ path: cfg.path }, 'file closed');
      },
    };
  },
});
