import { exporterTemplate } from './template-exporter.js';
import { processorTemplate } from './template-processor.js';
import { receiverTemplate } from './template-receiver.js';
import { namesOf } from './names.js';
import type { PluginOptions } from './options.js';
import { coreRange, TOOL_VERSIONS } from './versions.js';
import { readmeText } from './template-readme.js';

/** What differs per kind: the component, its test, its YAML and its config table. */
export interface ComponentTemplate {
  readonly source: string;
  readonly test: string;
  /** The component's entry under its section, indented two spaces. */
  readonly yaml: string;
  readonly pipelineRole: 'receivers' | 'processors' | 'exporters';
  /** README rows: key, default, meaning. */
  readonly configRows: readonly (readonly [string, string, string])[];
}

const TEMPLATES = { receiver: receiverTemplate, processor: processorTemplate, exporter: exporterTemplate };

/** Every file of the new package, by path relative to its folder. */
export function pluginFiles(options: PluginOptions, core = coreRange()): Record<string, string> {
  const names = namesOf(options);
  const component = TEMPLATES[options.kind](options, names);
  const manifest = {
    name: options.packageName,
    version: '0.1.0',
    description: `settle ${options.kind} "${options.type}"`,
    license: 'Apache-2.0',
    keywords: ['settle-plugin', 'settle', options.kind],
    type: 'module',
    // What makes it a settle plugin: the types it provides and the @settle/core versions it works with.
    settle: { components: [options.type], core },
    engines: { node: '>=20.19' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist', '!dist/**/*.test.*', 'src', '!src/**/*.test.ts', 'README.md'],
    scripts: {
      build: `node -e "fs.rmSync('dist',{recursive:true,force:true})" && tsc`,
      test: 'vitest run',
      prepublishOnly: 'npm run build && npm test',
    },
    // A peer: the user's project installs one @settle/core, next to @settle/cli.
    peerDependencies: { '@settle/core': core },
    dependencies: { zod: TOOL_VERSIONS.zod },
    devDependencies: {
      '@settle/core': core,
      '@types/node': TOOL_VERSIONS['@types/node'],
      typescript: TOOL_VERSIONS.typescript,
      vitest: TOOL_VERSIONS.vitest,
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      declaration: true,
      declarationMap: true,
      sourceMap: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
    exclude: ['src/**/*.test.ts'],
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['src/**/*.test.ts'] } });\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import { ${names.definition} } from './${names.file}.js';\n\nexport { ${names.definition}, ${names.config} } from './${names.file}.js';\n\n// settle loads a plugin through its default export: one definition or a list of them.\nexport default [${names.definition}];\n`,
    [`src/${names.file}.ts`]: component.source,
    [`src/${names.file}.test.ts`]: component.test,
    'README.md': readmeText(options, component),
  };
}
