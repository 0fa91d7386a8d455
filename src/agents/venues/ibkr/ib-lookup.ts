import { EventName, type IBApi } from '@stoqey/ib';
import type { InstrumentDetails, SymbolMatch } from '../../../shared/domain/instrument-details.ts';
import type { CancelTimer, Clock } from '../../engine/clock.ts';
import type { IbEndpoint } from './ib-codes.ts';
import { resolveStock, searchSymbols, type IbAnswer } from './ib-contracts.ts';
import { openIbApi } from './ib-open.ts';

/** The client id of the workstation's symbol searches, beside the session's and the downloads' (901). */
export const LOOKUP_CLIENT_ID = 902;
/** A lookup connection left unused this long is closed (a trader types several searches in a row). */
const IDLE_MS = 60_000;

/**
 * Symbol searches and contract details for the workstation's symbol search, on a connection of
 * their own to where the profile's IB settings point (client 902): opened on the first search,
 * reused while the trader types, closed after a minute unused or when IB closes it.
 */
export class IbLookup {
  private readonly endpoint: () => IbEndpoint;
  private readonly clock: Clock;
  private opening: Promise<IbAnswer<IBApi>> | null = null;
  private idle: CancelTimer | null = null;

  constructor(endpoint: () => IbEndpoint, clock: Clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  async search(text: string): Promise<IbAnswer<SymbolMatch[]>> {
    const ib = await this.open();
    return ib.ok ? searchSymbols(ib.value, text, this.clock) : ib;
  }

  async resolve(stock: { symbol: string; exchange: string; currency: string }): Promise<IbAnswer<InstrumentDetails>> {
    const ib = await this.open();
    return ib.ok ? resolveStock(ib.value, stock, this.clock) : ib;
  }

  close(): void {
    this.idle?.();
    this.idle = null;
    const opening = this.opening;
    this.opening = null;
    void opening?.then((ib) => ib.ok && ib.value.disconnect());
  }

  private open(): Promise<IbAnswer<IBApi>> {
    this.idle?.();
    this.idle = this.clock.after(IDLE_MS, () => this.close());
    if (!this.opening) {
      const opening = openIbApi(this.endpoint(), this.clock).then((r): IbAnswer<IBApi> => {
        if (!r.ok) return { ok: false, error: `IB: ${r.reason}` };
        // Closed by IB (or TWS restarting): the next search opens a new one.
        r.ib.once(EventName.disconnected, () => {
          if (this.opening === opening) this.opening = null;
        });
        return { ok: true, value: r.ib };
      });
      this.opening = opening;
      // A failed open is not kept: the next search tries again (TWS may have been started meanwhile).
      void opening.then((r) => {
        if (!r.ok && this.opening === opening) this.opening = null;
      });
    }
    return this.opening;
  }
}
