/** Reads `--name value` pairs from argv; entries are started by a host, not typed by people. */
export function readArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--') && i + 1 < argv.length) args.set(a.slice(2), argv[++i]!);
  }
  return args;
}
