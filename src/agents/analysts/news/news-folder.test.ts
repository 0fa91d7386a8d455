import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.ts';
import { SeededRandom } from '../../../shared/math/seeded-random.ts';
import { InstrumentSchema } from '../../../shared/domain/instrument.ts';
import type { EventOf } from '../../../shared/messages/events.ts';
import { TestClock } from '../../engine/clock.ts';
import { MessageBus } from '../../engine/message-bus.ts';
import { tempDir } from '../../store/store-fixtures.ts';
import { NewsAnalyst } from './news-analyst.ts';
import { NewsFolder } from './news-folder.ts';
import { loadHeadlinesFile } from './load-headlines.ts';

const dir = tempDir('quorum-news-folder-');
afterAll(dir.cleanup);
const acme = InstrumentSchema.parse({ id: 'REPLAY:ACME', symbol: 'ACME', venue: 'REPLAY', currency: 'USD', tickSize: 0.01, lotSize: 1 });
const line = (ts: string, headline: string) => JSON.stringify({ ts, headline, symbols: ['ACME'] });

describe('a watched news folder', () => {
  it('reads new files once they hold still, a grown file again (each story counted once), and says a bad file once', () => {
    const bus = new MessageBus();
    const alerts: EventOf<'AlertRaised'>[] = [];
    bus.subscribe<EventOf<'AlertRaised'>>('AlertRaised', (e) => alerts.push(e));
    const clock = new TestClock(Date.UTC(2024, 0, 2));
    const analyst = new NewsAnalyst({ bus, clock, random: new SeededRandom(1), log: silentLogger, dispatch: () => {} }, [], [acme], {
      folder: new NewsFolder(dir.dir),
    });
    const count = () => analyst.view(acme.id, Date.UTC(2024, 0, 2))?.count ?? 0;
    writeFileSync(dir.file('a.jsonl'), line('2024-01-01T10:00:00Z', 'Acme beats estimates'));
    writeFileSync(dir.file('notes.txt'), 'not news');
    analyst.start();
    // Seen once; read at the next look, when it has held still.
    expect(count()).toBe(0);
    clock.advanceBy(2_000);
    expect(count()).toBe(1);
    // The file grows: read again, its first story not counted twice.
    writeFileSync(
      dir.file('a.jsonl'),
      [line('2024-01-01T10:00:00Z', 'Acme beats estimates'), line('2024-01-01T12:00:00Z', 'Acme raises guidance')].join('\n'),
    );
    writeFileSync(dir.file('b.jsonl'), line('2024-01-01T11:00:00Z', 'Acme misses on revenue') + '\n{broken');
    clock.advanceBy(4_000);
    expect(count()).toBe(2);
    clock.advanceBy(10_000);
    expect(alerts.map((a) => [a.code, a.message])).toEqual([['NEWS_FILE_REFUSED', expect.stringMatching(/b\.jsonl: line 2: not JSON/)]]);
    analyst.stop();
  });

  it('refuses a folder where one file is expected (a backtest reads one file)', () => {
    expect(loadHeadlinesFile(dir.dir)).toEqual({ ok: false, error: expect.stringMatching(/is a folder: give one headlines file/) });
  });
});
