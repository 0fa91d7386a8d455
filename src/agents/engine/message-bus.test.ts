import { describe, expect, it } from 'vitest';
import { MessageBus } from './message-bus.ts';

describe('MessageBus', () => {
  it('delivers by exact topic, prefix and wildcard, in subscription order', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('orders.filled', (m) => seen.push(`exact:${m}`));
    bus.subscribe('orders.*', (m) => seen.push(`prefix:${m}`));
    bus.subscribe('*', (m) => seen.push(`all:${m}`));
    bus.publish('orders.filled', 1);
    bus.publish('bars', 2);
    expect(seen).toEqual(['exact:1', 'prefix:1', 'all:1', 'all:2']);
  });

  it('queues what handlers publish, so delivery follows publication order', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('a', () => {
      bus.publish('b', null);
      seen.push('a1');
    });
    bus.subscribe('a', () => seen.push('a2'));
    bus.subscribe('b', () => seen.push('b'));
    bus.publish('a', null);
    expect(seen).toEqual(['a1', 'a2', 'b']);
  });

  it('has one handler per endpoint and refuses a second', () => {
    const bus = new MessageBus();
    const got: number[] = [];
    const off = bus.register<number>('risk', (n) => got.push(n));
    expect(() => bus.register('risk', () => {})).toThrow('endpoint registered twice: risk');
    bus.send('risk', 7);
    off();
    expect(() => bus.send('risk', 8)).toThrow('no handler registered at endpoint: risk');
    expect(got).toEqual([7]);
  });

  it('reports a failing handler and keeps delivering to the others', () => {
    const errors: string[] = [];
    const bus = new MessageBus((_err, where) => errors.push(where));
    const seen: number[] = [];
    bus.subscribe('t', () => {
      throw new Error('x');
    });
    bus.subscribe('t', (m) => seen.push(m as number));
    bus.publish('t', 1);
    expect(errors).toEqual(['t']);
    expect(seen).toEqual([1]);
  });
});
