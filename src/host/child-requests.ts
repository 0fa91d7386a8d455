import type { ChildHandle } from './launcher.ts';
import type { HostToChild } from '../shared/ipc/host-protocol.ts';

/**
 * Requests the host sends a child and the child answers with the same `requestId` (a halt, a
 * metrics scrape): each waits for its answer until a deadline, then gets null.
 */
export class ChildRequests<A extends { requestId: number }> {
  private next = 1;
  private readonly waiting = new Map<number, (answer: A) => void>();

  /** An answer from the child: to the request that is waiting for it, if any still is. */
  answer(a: A): void {
    this.waiting.get(a.requestId)?.(a);
  }

  ask(child: ChildHandle, request: (requestId: number) => HostToChild, deadlineMs: number): Promise<A | null> {
    const requestId = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        resolve(null);
      }, deadlineMs);
      this.waiting.set(requestId, (a) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(a);
      });
      child.send(request(requestId));
    });
  }
}
