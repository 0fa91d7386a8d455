export * from './port.ts';
export * from './wire.ts';
export * from './host-status.ts';
export * from './host-protocol.ts';
export * from './relay-ports.ts';
export * from './rpc-peer.ts';
