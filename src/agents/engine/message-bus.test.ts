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

  it('(un)subscribing inside a handler changes later deliveries, not the one in progress', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    let offSecond = () => {};
    bus.subscribe('t', (m) => {
      seen.push(`first:${m}`);
      offSecond();
      bus.subscribe('t', (n) => seen.push(`late:${n}`));
    });
    offSecond = bus.subscribe('t', (m) => seen.push(`second:${m}`));
    bus.publish('t', 1);
    bus.publish('t', 2);
    // The second subscriber was removed during delivery 1 but still got it; the late one starts at 2.
    expect(seen).toEqual(['first:1', 'second:1', 'first:2', 'late:2']);
  });

  it('when a failure propagates, the messages queued behind it go out first with the next publication', () => {
    const bus = new MessageBus();
    const seen: string[] = [];
    bus.subscribe('a', () => {
      bus.publish('b', 1);
      bus.publish('boom', null);
      bus.publish('b', 2);
    });
    bus.subscribe('boom', () => {
      throw new Error('boom');
    });
    bus.subscribe('b', (m) => seen.push(`b${m}`));
    bus.subscribe('c', () => seen.push('c'));
    expect(() => bus.publish('a', null)).toThrow('boom');
    expect(seen).toEqual(['b1']);
    bus.publish('c', null);
    expect(seen).toEqual(['b1', 'b2', 'c']);
  });
});
