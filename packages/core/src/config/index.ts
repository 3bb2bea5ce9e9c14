// Config loading and validation: YAML → validated, positioned config.
export {};
