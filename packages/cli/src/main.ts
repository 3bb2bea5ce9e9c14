/** Entry point of the `settle` command. */
export function main(argv: readonly string[]): Promise<number> {
  process.stderr.write(`settle: not implemented yet (${argv.join(' ')})\n`);
  return Promise.resolve(1);
}
