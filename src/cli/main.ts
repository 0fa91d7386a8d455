import { CliError } from './cli-error.ts';
import { commandHelp, HELP } from './help-text.ts';

const [command, ...rest] = process.argv.slice(2);
try {
  // `quorum COMMAND --help` (or -h) and `quorum help COMMAND`: that command's lines of the help.
  const asked =
    command === 'help' || command === '--help' || command === '-h'
      ? rest[0]
      : rest.some((a) => a === '--help' || a === '-h')
        ? command
        : undefined;
  if (asked !== undefined) {
    const lines = commandHelp(asked);
    if (!lines) throw new CliError(`unknown command "${asked}"; see \`quorum --help\``);
    console.log(lines);
  } else
    switch (command) {
      case 'serve':
        await (await import('./commands/serve.ts')).runServe(rest);
        break;
      case 'start':
        await (await import('./commands/start.ts')).runStart(rest);
        break;
      case 'bench':
        await (await import('./commands/bench.ts')).runBench(rest);
        break;
      case 'risk':
        process.exitCode = (await import('./commands/risk.ts')).runRisk(rest);
        break;
      case 'halt':
        process.exitCode = await (await import('./commands/halt.ts')).runHalt(rest);
        break;
      case 'agents':
        process.exitCode = await (await import('./commands/agents.ts')).runAgents(rest);
        break;
      case 'alerts':
        process.exitCode = await (await import('./commands/alerts.ts')).runAlerts(rest);
        break;
      case 'trace':
        process.exitCode = (await import('./commands/trace.ts')).runTrace(rest);
        break;
      case 'costs':
        process.exitCode = (await import('./commands/costs.ts')).runCosts(rest);
        break;
      case 'config':
        process.exitCode = await (await import('./commands/config.ts')).runConfig(rest);
        break;
      case 'status':
        process.exitCode = await (await import('./commands/status.ts')).runStatus(rest);
        break;
      case 'model':
        process.exitCode = await (await import('./commands/model.ts')).runModel(rest);
        break;
      case 'backtest':
        process.exitCode = await (await import('./commands/backtest.ts')).runBacktestCommand(rest);
        break;
      case 'sweep':
        process.exitCode = await (await import('./commands/sweep.ts')).runSweepCommand(rest);
        break;
      case 'worker':
        process.exitCode = await (await import('./commands/worker.ts')).runWorker(rest);
        break;
      case 'runs':
        process.exitCode = (await import('./commands/runs.ts')).runRuns(rest);
        break;
      case 'replay':
        process.exitCode = (await import('./commands/replay.ts')).runReplay(rest);
        break;
      case 'indicators':
        process.exitCode = (await import('./commands/indicators.ts')).runIndicators(rest);
        break;
      case 'book':
        process.exitCode = (await import('./commands/book.ts')).runBook(rest);
        break;
      case 'audit':
        process.exitCode = await (await import('./commands/audit.ts')).runAudit(rest);
        break;
      case 'ib':
        process.exitCode = await (await import('./commands/ib.ts')).runIb(rest);
        break;
      case 'instruments':
        process.exitCode = await (await import('./commands/instruments.ts')).runInstruments(rest);
        break;
      case 'data':
        process.exitCode = await (await import('./commands/data.ts')).runData(rest);
        break;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(HELP);
        break;
      default:
        throw new CliError(`unknown command "${command}"; see \`quorum --help\``);
    }
} catch (err) {
  const problem = err instanceof CliError ? err.message : fileProblem(err);
  if (problem === null) throw err;
  console.error(`quorum: ${problem}`);
  process.exitCode = err instanceof CliError ? err.exitCode : 1;
}

/** A file the system would not open or write (a full disk, no permission…), said in one line without a stack. */
function fileProblem(err: unknown): string | null {
  const e = err as { code?: string; path?: string; syscall?: string };
  if (e?.code === 'EEXIST' && e.syscall === 'mkdir' && typeof e.path === 'string') return `${e.path}: that is a file, not a folder`;
  const why: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'that is a folder, not a file',
    ENOTDIR: 'a part of the path is not a folder',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
  };
  return typeof e?.path === 'string' && e.code && why[e.code] ? `${e.path}: ${why[e.code]}` : null;
}
