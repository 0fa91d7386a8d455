import { createInterface } from 'node:readline';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

/** One file grows to this size before the next is started; this many earlier files are kept. */
export const LOG_FILE_SIZE = '10m';
export const LOG_FILES_KEPT = 4;

export interface DesktopLog {
  /** Main's own logger. */
  readonly log: Logger;
  /** The folder of the log files (the menu opens it). */
  readonly dir: string;
  /** Copies a child process's output into the log, line by line. */
  follow(name: string, output: NodeJS.ReadableStream | null): void;
  close(): Promise<void>;
}

/**
 * The desktop app's log: `<profile>/logs/quorum.N.log`, JSON lines, rolled by pino's own transport
 * (pino-roll) at 10 MB with the last four files kept. Main logs into it, and the engine's and
 * inference's output is copied into it line by line, so their pino lines and anything else they
 * print (a crash's stack trace, as a line of its own) land in one place the trader can send.
 */
export async function openDesktopLog(dataDir: string, echo: NodeJS.WritableStream | null): Promise<DesktopLog> {
  const dir = join(dataDir, 'logs');
  const file = await pinoRoll({
    file: join(dir, 'quorum.log'),
    size: LOG_FILE_SIZE,
    mkdir: true,
    limit: { count: LOG_FILES_KEPT, removeOtherLogFiles: true },
  });
  const log = pino({ name: 'main', level: process.env['QUORUM_LOG_LEVEL'] ?? 'info' }, file);
  const write = (line: string) => {
    file.write(line + '\n');
    echo?.write(line + '\n');
  };
  return {
    log,
    dir,
    follow(name, output) {
      if (!output) return;
      createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => {
        if (line.startsWith('{')) write(line);
        else if (line.trim()) write(JSON.stringify({ level: 40, time: Date.now(), name, msg: line }));
      });
    },
    close: () =>
      new Promise((resolve) => {
        file.once('close', () => resolve());
        file.end();
      }),
  };
}
