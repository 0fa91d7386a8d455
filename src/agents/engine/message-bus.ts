/** A message handler; handlers run one at a time in the order messages were published. */
export type Handler<M = unknown> = (message: M) => void;

type Delivery = { kind: 'topic'; topic: string; message: unknown } | { kind: 'endpoint'; endpoint: string; message: unknown };

/**
 * The engine's bus: publish/subscribe on topics, and point-to-point endpoints for commands.
 * Topic patterns are an exact name, a prefix ending in `*` (`orders.*`), or `*` for everything.
 * Messages published while a handler runs are queued and delivered after it returns, so delivery
 * order is the publication order: deterministic, with no re-entrancy.
 */
export class MessageBus {
  private readonly subscriptions: { pattern: string; handler: Handler }[] = [];
  private readonly endpoints = new Map<string, Handler>();
  private readonly queue: Delivery[] = [];
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
    return () => {
      const i = this.subscriptions.indexOf(entry);
      if (i >= 0) this.subscriptions.splice(i, 1);
    };
  }

  publish(topic: string, message: unknown): void {
    this.enqueue({ kind: 'topic', topic, message });
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
    this.enqueue({ kind: 'endpoint', endpoint, message });
  }

  private enqueue(delivery: Delivery): void {
    this.queue.push(delivery);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let d = this.queue.shift(); d; d = this.queue.shift()) this.deliver(d);
    } finally {
      this.draining = false;
    }
  }

  private deliver(d: Delivery): void {
    if (d.kind === 'endpoint') {
      const handler = this.endpoints.get(d.endpoint);
      if (handler) this.invoke(handler, d.message, d.endpoint);
      return;
    }
    for (const s of [...this.subscriptions]) {
      if (matches(s.pattern, d.topic)) this.invoke(s.handler, d.message, d.topic);
    }
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
