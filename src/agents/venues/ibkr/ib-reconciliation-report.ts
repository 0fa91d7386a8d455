import type { BrokerConnection } from '../../../shared/contracts/system.contract.ts';
import type { ExternalOrder } from '../../../shared/domain/orders.ts';

/** What one reconciliation found: the `BrokerReconciled` event's and the connection panel's fields. */
export type ReconciliationFindings = Omit<NonNullable<BrokerConnection['lastReconciliation']>, 'at'>;

const SUMMARY_TAGS = ['NetLiquidation', 'BuyingPower', 'AvailableFunds'] as const;
/** The account summary's tags the report asks IB for. */
export const ACCOUNT_SUMMARY_TAGS = SUMMARY_TAGS.join(',');

/**
 * One reconciliation's report, gathered as IB answers after a connect: the fills recovered, the
 * orders closed and the orders IB works that we did not place while IB's open orders come in, then IB's positions (by our instrument id) and the
 * account summary. `findings` gives the report once both of those have ended, and only once.
 */
export class ReconciliationReport {
  fillsRecovered = 0;
  ordersClosed = 0;
  /** By permId: IB may name an order more than once. */
  readonly externalOrders = new Map<number, ExternalOrder>();
  /** Null until IB's positions and the summary are asked for (after its open orders). */
  private positions: Map<string, number> | null = null;
  private summary: Map<string, { value: number; currency: string }> | null = null;
  private positionsEnded = false;
  private summaryEnded = false;
  private reported = false;

  /** IB's positions and account summary are asked for now: their answers count from here. */
  askedForBalances(): void {
    this.positions = new Map();
    this.summary = new Map();
  }

  addPosition(instrumentId: string, quantity: number): void {
    this.positions?.set(instrumentId, (this.positions.get(instrumentId) ?? 0) + quantity);
  }

  addSummary(tag: string, value: number, currency: string): void {
    this.summary?.set(tag, { value, currency });
  }

  /** Says whether this was the end the report waited for (IB may repeat it). */
  endPositions(): boolean {
    if (!this.positions || this.positionsEnded) return false;
    return (this.positionsEnded = true);
  }

  endSummary(): boolean {
    if (!this.summary || this.summaryEnded) return false;
    return (this.summaryEnded = true);
  }

  /**
   * The report once IB's positions and summary have both ended (null before, and after it was
   * given): every instrument of the session is listed, a flat one too (IB does not list it).
   */
  findings(instrumentIds: readonly string[], ordersStillWorking: number): ReconciliationFindings | null {
    const { positions, summary } = this;
    if (this.reported || !positions || !summary || !this.positionsEnded || !this.summaryEnded) return null;
    this.reported = true;
    const tag = (name: (typeof SUMMARY_TAGS)[number]) => summary.get(name)?.value ?? Number.NaN;
    const net = summary.get('NetLiquidation');
    const accountSummary =
      net && Number.isFinite(tag('BuyingPower')) && Number.isFinite(tag('AvailableFunds'))
        ? { netLiquidation: net.value, buyingPower: tag('BuyingPower'), availableFunds: tag('AvailableFunds'), currency: net.currency }
        : null;
    return {
      fillsRecovered: this.fillsRecovered,
      ordersClosed: this.ordersClosed,
      ordersStillWorking,
      positions: Object.fromEntries(instrumentIds.map((id) => [id, positions.get(id) ?? 0])),
      accountSummary,
      externalOrders: [...this.externalOrders.values()],
    };
  }
}
