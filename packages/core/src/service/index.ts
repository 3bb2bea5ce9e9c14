// Service runtime: pipelines graph, lifecycle, self-telemetry, built-in components, plugins.
export {};
