/** What a command touches of the outside world; the real process by default, replaceable in tests. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Emits SIGINT / SIGTERM. */
  readonly signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** Ends the process at once (second signal). */
  readonly exit: (code: number) => void;
  /** True when logs go to the real stderr, so pino may pretty-print for a terminal. */
  readonly isProcess: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signals: process,
    exit: (code) => process.exit(code),
    isProcess: true,
  };
}

export function println(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
