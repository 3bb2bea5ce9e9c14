import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../testing/conformance.js';
import { debugExporter } from './debug-exporter.js';
import { fileExporter } from './file-exporter.js';
import { generatorReceiver } from './generator-receiver.js';

runConformance(generatorReceiver);
runConformance(debugExporter);
runConformance(fileExporter, {
  validConfig: { path: join(mkdtempSync(join(tmpdir(), 'settle-conf-')), 'out.jsonl') },
});
