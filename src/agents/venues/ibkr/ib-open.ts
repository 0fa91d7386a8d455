import { EventName, IBApi } from '@stoqey/ib';
import type { Clock } from '../../engine/clock.ts';
import { describeConnectFailure, type IbEndpoint } from './ib-codes.ts';

export type IbOpenResult = { ok: true; ib: IBApi } | { ok: false; reason: string };

/**
 * One connection for a job that is not a trading session (a history download): connects with the
 * real client and resolves once the API has started (`nextValidId`), or with what to do when it
 * does not. The caller disconnects.
 */
export function openIbApi(endpoint: IbEndpoint, clock: Clock, timeoutMs = 10_000): Promise<IbOpenResult> {
  const ib = new IBApi({ host: endpoint.host, port: endpoint.port });
  return new Promise<IbOpenResult>((resolve) => {
    let done = false;
    const finish = (result: IbOpenResult) => {
      if (done) return;
      done = true;
      cancel();
      ib.off(EventName.nextValidId, started);
      ib.off(EventName.error, refused);
      ib.off(EventName.info, refusedInfo);
      ib.off(EventName.disconnected, closed);
      if (!result.ok) {
        ib.on(EventName.error, () => {});
        ib.disconnect();
      }
      resolve(result);
    };
    const fail = (code: number | null, text: string) => finish({ ok: false, reason: describeConnectFailure(endpoint, code, text) });
    const cancel = clock.after(timeoutMs, () =>
      fail(
        null,
        `no answer from ${endpoint.host}:${endpoint.port} within ${timeoutMs / 1000} s: if IB Gateway waits for its second-factor login, log in to it`,
      ),
    );
    const started = () => finish({ ok: true, ib });
    const refused = (err: Error, code: number) => fail(code, err.message);
    const refusedInfo = (text: string, code: number) => {
      if (code === 326) fail(code, text);
    };
    const closed = () => fail(null, `${endpoint.host}:${endpoint.port} closed the connection before the API started`);
    ib.on(EventName.nextValidId, started);
    ib.on(EventName.error, refused);
    ib.on(EventName.info, refusedInfo);
    ib.on(EventName.disconnected, closed);
    ib.connect(endpoint.clientId);
  });
}
