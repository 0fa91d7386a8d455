import { utilityProcess, type MessagePortMain } from 'electron';
import type { ChildHandle, ExitInfo, Launcher } from '../host/launcher.ts';

/**
 * Launches an engine-side entry as an Electron utility process (ports are transferred, not relayed).
 * Its stdout and stderr go to `output` (the desktop log).
 */
export function utilityLauncher(
  name: string,
  modulePath: string,
  args: string[] | (() => string[]),
  output: (name: string, stream: NodeJS.ReadableStream | null) => void,
): Launcher {
  return {
    name,
    launch(): ChildHandle {
      const child = utilityProcess.fork(modulePath, typeof args === 'function' ? args() : args, {
        serviceName: `Quorum ${name}`,
        stdio: 'pipe',
      });
      output(name, child.stdout);
      output(name, child.stderr);
      let exited = false;
      const exitListeners: ((info: ExitInfo) => void)[] = [];
      child.on('exit', (code) => {
        exited = true;
        for (const l of exitListeners) l({ code, signal: null });
      });
      return {
        get pid() {
          return child.pid ?? null;
        },
        send: (message, transfer) => {
          if (!exited) child.postMessage(message, (transfer ?? []) as MessagePortMain[]);
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => exitListeners.push(listener),
        kill: (signal) => {
          if (exited) return;
          if (signal === 'SIGTERM' || signal === undefined || !child.pid) child.kill();
          else process.kill(child.pid, signal);
        },
      };
    },
  };
}
