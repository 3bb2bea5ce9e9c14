// Exporter helper: batching, retry, queueing (memory or persistent) shared by every exporter.
export {};
