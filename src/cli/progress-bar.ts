/**
 * A one-line progress bar on a terminal (redrawn in place); on anything else one line at the end,
 * so logs and CI output stay readable.
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream,
): { update: (done: number, total: number) => void; note: (line: string) => void; done: () => void } {
  const tty = stream.isTTY === true;
  let last = '';
  let shown = false;
  return {
    update(done, total) {
      if (!tty) return;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round((done / total) * 100)} % (${done}/${total})`;
      if (line === last) return;
      last = line;
      shown = true;
      stream.write(`\r${line}`);
    },
    /** A line of its own, above the bar (which is drawn again under it). */
    note(line) {
      stream.write(tty && shown ? `\r\x1b[K${line}\n${last}` : `${line}\n`);
    },
    done() {
      if (shown) stream.write('\n');
    },
  };
}
