import type { HostToChild } from '../shared/ipc/host-protocol.ts';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** A running child process as a host sees it, whatever launched it. */
export interface ChildHandle {
  readonly pid: number | null;
  /** `transfer` carries MessagePorts where the platform can transfer them (Electron). */
  send(message: HostToChild, transfer?: readonly unknown[]): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  kill(signal?: 'SIGTERM' | 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void;
}

/** Starts one kind of process: Electron's utilityProcess in main, child_process.fork in the CLI. */
export interface Launcher {
  readonly name: string;
  launch(): ChildHandle;
}
