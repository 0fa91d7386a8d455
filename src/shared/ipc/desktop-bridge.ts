import type { HostStatus } from './host-status.ts';
import type { WireKillResult } from './wire.ts';

/**
 * The one object the preload script exposes to the renderer as `window.quorum`. The engine port
 * itself arrives as a `window` message of type ENGINE_PORT_MESSAGE carrying a MessagePort.
 */
export interface DesktopBridge {
  readonly platform: 'electron';
  /** Asks main for a (new) port to the engine; it arrives as an ENGINE_PORT_MESSAGE. */
  requestEnginePort(): void;
  onHostStatus(listener: (status: HostStatus) => void): () => void;
  /** The kill switch through main's supervisor (works even when the engine hangs). */
  killSwitch(flatten: boolean): Promise<WireKillResult>;
}

export const ENGINE_PORT_MESSAGE = 'quorum:engine-port';

/** IPC channel names between preload and main. */
export const DESKTOP_CHANNELS = {
  enginePortRequest: 'quorum:engine-port-request',
  enginePort: 'quorum:engine-port',
  hostStatus: 'quorum:host-status',
  killSwitch: 'quorum:kill-switch',
} as const;
