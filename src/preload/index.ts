import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_CHANNELS, ENGINE_PORT_MESSAGE, type DesktopBridge } from '../shared/ipc/desktop-bridge.ts';
import type { HostStatus } from '../shared/ipc/host-status.ts';

/**
 * The preload script: exposes one typed object (`window.quorum`) and hands the engine port from
 * main to the page. Nothing else of Node or Electron reaches the renderer.
 */
const bridge: DesktopBridge = {
  platform: 'electron',
  requestEnginePort: () => ipcRenderer.send(DESKTOP_CHANNELS.enginePortRequest),
  onHostStatus: (listener) => {
    const handler = (_event: unknown, status: HostStatus) => listener(status);
    ipcRenderer.on(DESKTOP_CHANNELS.hostStatus, handler);
    return () => ipcRenderer.off(DESKTOP_CHANNELS.hostStatus, handler);
  },
  killSwitch: (flatten) => ipcRenderer.invoke(DESKTOP_CHANNELS.killSwitch, flatten === true),
};

contextBridge.exposeInMainWorld('quorum', bridge);

// MessagePorts cannot cross contextBridge; the documented way is a window message to the page.
ipcRenderer.on(DESKTOP_CHANNELS.enginePort, (event) => {
  window.postMessage({ type: ENGINE_PORT_MESSAGE }, '*', event.ports);
});
