import { fork } from 'node:child_process';
import type { ChildHandle, ExitInfo, Launcher } from './launcher.ts';

export interface ForkOptions {
  name: string;
  modulePath: string;
  /** Arguments, or a function that gives them at each launch (e.g. to add --start-halted). */
  args: string[] | (() => string[]);
  env?: NodeJS.ProcessEnv;
}

/**
 * Launches a child with Node's child_process.fork and the structured-clone IPC channel. The child
 * runs under the same Node as the host (Node ≥ 22 strips TypeScript types natively).
 */
export function forkLauncher(options: ForkOptions): Launcher {
  return {
    name: options.name,
    launch(): ChildHandle {
      const args = typeof options.args === 'function' ? options.args() : options.args;
      const child = fork(options.modulePath, args, {
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: options.env ?? process.env,
      });
      let exited = false;
      const exitListeners: ((info: ExitInfo) => void)[] = [];
      child.on('exit', (code, signal) => {
        exited = true;
        for (const l of exitListeners) l({ code, signal });
      });
      // A send to a dead child raises EPIPE-like errors asynchronously; the exit handler deals with it.
      child.on('error', () => {});
      return {
        pid: child.pid ?? null,
        send: (message) => {
          if (!exited && child.connected) child.send(message);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: (signal = 'SIGTERM') => {
          if (!exited) child.kill(signal);
        },
      };
    },
  };
}
