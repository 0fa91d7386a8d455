import { describe, expect, it } from 'vitest';
import { TestClock } from './clock.ts';

describe('TestClock', () => {
  it('fires timers in time order, ties in the order they were (re)armed, and repeats intervals', () => {
    const clock = new TestClock(1_000);
    const fired: string[] = [];
    clock.every(100, () => fired.push(`every@${clock.now()}`));
    clock.after(150, () => fired.push(`after@${clock.now()}`));
    clock.after(200, () => fired.push(`tie@${clock.now()}`));
    clock.advanceTo(1_300);
    // The interval was re-armed at 1100, after 'tie' was scheduled, so 'tie' goes first at 1200.
    expect(fired).toEqual(['every@1100', 'after@1150', 'tie@1200', 'every@1200', 'every@1300']);
    expect(clock.now()).toBe(1_300);
  });

  it('lets a timer schedule another that is due within the same advance', () => {
    const clock = new TestClock(0);
    const fired: number[] = [];
    clock.after(10, () => clock.after(10, () => fired.push(clock.now())));
    clock.advanceBy(25);
    expect(fired).toEqual([20]);
  });

  it('cancels timers and refuses to go back in time', () => {
    const clock = new TestClock(0);
    let n = 0;
    const cancel = clock.every(10, () => n++);
    clock.advanceBy(35);
    cancel();
    clock.advanceBy(100);
    expect(n).toBe(3);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => clock.advanceTo(10)).toThrow('time cannot go back');
  });
});

describe('TestClock with cancelled timers', () => {
  it('fires the right timer when earlier ones were cancelled (indices must not shift under it)', () => {
    const clock = new TestClock(0);
    const fired: string[] = [];
    const cancels = [10, 20, 30].map((at) => clock.after(at, () => fired.push(`cancelled ${at}`)));
    clock.after(40, () => fired.push('a'));
    clock.after(50, () => fired.push('b'));
    for (const c of cancels) c();
    clock.advanceTo(100);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers()).toBe(0);
  });
});
