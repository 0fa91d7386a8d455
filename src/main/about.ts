/** What each process said it runs on when it was last ready (`ready.versions`). */
export type ProcessVersions = Record<string, Record<string, string> | undefined>;

/**
 * The About box's lines: the app, Electron, Chromium and Node from main, SQLite and the order book
 * from the engine, onnxruntime from inference. A process that has not been ready yet says so.
 */
export function aboutLines(app: string, processVersions: NodeJS.ProcessVersions, fromChildren: ProcessVersions): string[] {
  const child = (process: string, key: string) => fromChildren[process]?.[key] ?? `unknown (the ${process} process is not running)`;
  return [
    `Quorum ${app}`,
    `Electron ${processVersions.electron ?? 'unknown'}`,
    `Chromium ${processVersions.chrome ?? 'unknown'}`,
    `Node ${processVersions.node}`,
    `onnxruntime ${child('inference', 'onnxruntime')}`,
    `SQLite ${child('engine', 'SQLite')}`,
    `Order book: ${child('engine', 'order book')}`,
  ];
}
