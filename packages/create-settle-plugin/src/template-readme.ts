import type { PluginOptions } from './options.js';
import type { ComponentTemplate } from './template.js';

/** A pipeline using the component, completed with core's built-ins so it runs as it stands. */
function exampleYaml(o: PluginOptions, c: ComponentTemplate): string {
  const sections = {
    receivers: c.pipelineRole === 'receivers' ? c.yaml : '  generator:',
    processors: c.pipelineRole === 'processors' ? c.yaml : undefined,
    exporters: c.pipelineRole === 'exporters' ? c.yaml : '  debug:',
  };
  const ids = {
    receivers: c.pipelineRole === 'receivers' ? o.type : 'generator',
    exporters: c.pipelineRole === 'exporters' ? o.type : 'debug',
  };
  const processors = sections.processors === undefined ? '' : `processors:\n${sections.processors}\n`;
  const processorList = sections.processors === undefined ? '' : `, processors: [${o.type}]`;
  return `plugins: ['${o.packageName}']
receivers:
${sections.receivers}
${processors}exporters:
${sections.exporters}
service:
  pipelines:
    metrics: { receivers: [${ids.receivers}]${processorList}, exporters: [${ids.exporters}] }`;
}

export function readmeText(o: PluginOptions, c: ComponentTemplate): string {
  const rows = c.configRows.map(([key, def, meaning]) => `| \`${key}\` | ${def} | ${meaning} |`).join('\n');
  return `# ${o.packageName}

A [settle](https://www.npmjs.com/package/@settle/cli) plugin: the \`${o.type}\` ${o.kind}.

## Use it

In a project folder with the \`settle\` command:

\`\`\`sh
npm install @settle/cli ${o.packageName}
npx settle validate -c settle.yaml
npx settle run -c settle.yaml
\`\`\`

(A global \`settle\`, from \`npm i -g @settle/cli\`, finds the plugin when it is installed in the config's folder.)

\`\`\`yaml
${exampleYaml(o, c)}
\`\`\`

## Config

| key | default | meaning |
| --- | --- | --- |
${rows}

## Develop

\`\`\`sh
npm install
npm test          # the conformance suite from @settle/core/testing, then the component's own tests
npm run build     # dist/
npm publish       # prepublishOnly builds and tests first
\`\`\`

What makes it a settle plugin (\`package.json\`): the keyword \`settle-plugin\`, and
\`"settle": { "components": ["${o.type}"], "core": "…" }\` (the \`@settle/core\` versions it supports); \`src/index.ts\`
default-exports the definition.
`;
}
