export * from './envelope.ts';
export * from './events.ts';
export * from './commands.ts';
