// Writes the generated dashboards and rule file into dashboards/ (`pnpm --filter @settle/dashboards run generate`).
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './files.js';

let dir = dirname(fileURLToPath(import.meta.url));
while (!dir.endsWith('dashboards')) dir = dirname(dir);
for (const [name, text] of generatedFiles()) {
  await writeFile(join(dir, name), text);
  process.stdout.write(`wrote dashboards/${name}\n`);
}
