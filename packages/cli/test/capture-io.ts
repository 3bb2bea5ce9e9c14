import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { CliIo } from '../src/io.js';

class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CapturedIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly emitter: EventEmitter;
  readonly exits: number[];
}

/** An io for calling main() in-process: captured output, signals sent by the test, exit recorded. */
export function captureIo(env: Record<string, string | undefined> = {}): CapturedIo {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return {
    stdout,
    stderr,
    env,
    signals: emitter,
    exit: (code) => void exits.push(code),
    isProcess: false,
    out: () => stdout.text,
    err: () => stderr.text,
    emitter,
    exits,
  };
}
