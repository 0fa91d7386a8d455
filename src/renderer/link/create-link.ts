import type { DesktopBridge } from '../../shared/ipc/desktop-bridge.ts';
import type { EngineLink } from './engine-link.ts';
import { createElectronLink } from './electron-link.ts';
import { createWsLink } from './ws-link.ts';

/** Picks the link for where the page runs: the desktop app (preload bridge) or a browser. */
export function createLink(): EngineLink {
  const bridge = (window as unknown as { quorum?: DesktopBridge }).quorum;
  if (bridge?.platform === 'electron') return createElectronLink(bridge);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsLink(`${scheme}://${location.host}/ws`);
}
