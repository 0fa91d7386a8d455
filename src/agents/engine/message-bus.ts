/** A message handler; handlers run one at a time in the order messages were published. */
export type Handler<M = unknown> = (message: M) => void;

type Subscription = { pattern: string; handler: Handler };

/**
 * The engine's bus: publish/subscribe on topics, and point-to-point endpoints for commands.
 * Topic patterns are an exact name, a prefix ending in `*` (`orders.*`), or `*` for everything.
 * Messages published while a handler runs are queued and delivered after it returns, so delivery
 * order is the publication order: deterministic, with no re-entrancy.
 */
export class MessageBus {
  private readonly subscriptions: Subscription[] = [];
  /**
   * The subscriptions a topic matches, in subscription order, built on first use and dropped when
   * the subscriptions change. A list is never mutated after it is built, so a handler that
   * (un)subscribes does not change the delivery in progress.
   */
  private byTopic = new Map<string, readonly Subscription[]>();
  private readonly endpoints = new Map<string, Handler>();
  /** Deliveries waiting while a handler runs: where (a topic, or an endpoint when flagged) and what. */
  private readonly queuedTargets: string[] = [];
  private readonly queuedToEndpoint: boolean[] = [];
  private readonly queuedMessages: unknown[] = [];
  private queued = 0;
  private draining = false;
  private onError: (err: unknown, where: string) => void;

  constructor(
    onError: (err: unknown, where: string) => void = (err) => {
      throw err;
    },
  ) {
    this.onError = onError;
  }

  subscribe<M = unknown>(pattern: string, handler: Handler<M>): () => void {
    const entry = { pattern, handler: handler as Handler };
    this.subscriptions.push(entry);
    this.byTopic = new Map();
    return () => {
      const i = this.subscriptions.indexOf(entry);
      if (i >= 0) this.subscriptions.splice(i, 1);
      this.byTopic = new Map();
    };
  }

  publish(topic: string, message: unknown): void {
    this.enqueue(false, topic, message);
  }

  /** Registers the single handler of an endpoint; a second registration of the same name throws. */
  register<M = unknown>(endpoint: string, handler: Handler<M>): () => void {
    if (this.endpoints.has(endpoint)) throw new Error(`endpoint registered twice: ${endpoint}`);
    this.endpoints.set(endpoint, handler as Handler);
    return () => this.endpoints.delete(endpoint);
  }

  hasEndpoint(endpoint: string): boolean {
    return this.endpoints.has(endpoint);
  }

  send(endpoint: string, message: unknown): void {
    if (!this.endpoints.has(endpoint)) throw new Error(`no handler registered at endpoint: ${endpoint}`);
    this.enqueue(true, endpoint, message);
  }

  private enqueue(toEndpoint: boolean, target: string, message: unknown): void {
    // Straight to the handlers when nothing waits; otherwise behind what does.
    const direct = !this.draining && this.queued === 0;
    if (!direct) {
      this.queuedTargets[this.queued] = target;
      this.queuedToEndpoint[this.queued] = toEndpoint;
      this.queuedMessages[this.queued++] = message;
      if (this.draining) return;
    }
    this.draining = true;
    // The queue's slots are reused (truncating an array frees its storage, so every drain would
    // allocate again). If a delivery throws, the ones behind it stay queued and go out, first, with
    // the next publication.
    let done = 0;
    try {
      if (direct) this.deliver(toEndpoint, target, message);
      while (done < this.queued) {
        const i = done++;
        const m = this.queuedMessages[i];
        this.queuedMessages[i] = undefined;
        this.deliver(this.queuedToEndpoint[i]!, this.queuedTargets[i]!, m);
      }
    } finally {
      const left = this.queued - done;
      for (let k = 0; k < left; k++) {
        this.queuedTargets[k] = this.queuedTargets[done + k]!;
        this.queuedToEndpoint[k] = this.queuedToEndpoint[done + k]!;
        this.queuedMessages[k] = this.queuedMessages[done + k];
        this.queuedMessages[done + k] = undefined;
      }
      this.queued = left;
      this.draining = false;
    }
  }

  private deliver(toEndpoint: boolean, target: string, message: unknown): void {
    if (toEndpoint) {
      const handler = this.endpoints.get(target);
      if (handler) this.invoke(handler, message, target);
      return;
    }
    let subscribers = this.byTopic.get(target);
    if (!subscribers) this.byTopic.set(target, (subscribers = this.subscriptions.filter((s) => matches(s.pattern, target))));
    for (const s of subscribers) this.invoke(s.handler, message, target);
  }

  private invoke(handler: Handler, message: unknown, where: string): void {
    try {
      handler(message);
    } catch (err) {
      this.onError(err, where);
    }
  }
}

function matches(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === topic) return true;
  return pattern.endsWith('*') && topic.startsWith(pattern.slice(0, -1));
}
