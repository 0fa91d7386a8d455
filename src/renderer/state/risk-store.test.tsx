import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/messages/events.ts';
import { riskFeed, useRisk } from './risk-store.ts';

/** The browser's Notification, recorded: the desktop notification path ends here in the renderer. */
class RecordedNotification {
  static permission: NotificationPermission = 'default';
  static shown: { title: string; body: string | undefined }[] = [];
  static failing = false;
  constructor(title: string, options?: NotificationOptions) {
    if (RecordedNotification.failing) throw new Error('notifications are off in this system');
    RecordedNotification.shown.push({ title, body: options?.body });
  }
}

const alert = (severity: 'info' | 'warning' | 'critical', message: string): EventOf<'AlertRaised'> => ({
  type: 'AlertRaised',
  tsEvent: 1,
  tsInit: 1,
  source: 'risk',
  severity,
  code: 'TEST',
  message,
  detail: {},
});
const raise = (...events: EventOf<'AlertRaised'>[]) => riskFeed.events!['AlertRaised']!(events as never);
const inDesktopApp = (yes: boolean) => {
  if (yes) (window as unknown as { quorum?: unknown }).quorum = { platform: 'electron' };
  else delete (window as unknown as { quorum?: unknown }).quorum;
};

Object.assign(globalThis, { Notification: RecordedNotification });
afterEach(() => {
  RecordedNotification.shown = [];
  RecordedNotification.failing = false;
  RecordedNotification.permission = 'default';
  inDesktopApp(false);
});

describe('alerts as desktop notifications', () => {
  it('in the desktop app, notifies critical alerts only (main grants the permission)', () => {
    inDesktopApp(true);
    raise(alert('warning', 'data is stale'), alert('critical', 'the engine gave up'), alert('info', 'checkpointed'));
    expect(RecordedNotification.shown).toEqual([{ title: 'Quorum — critical', body: 'the engine gave up' }]);
  });

  it('under quorum serve, notifies warnings and critical alerts once the trader allowed this browser', () => {
    raise(alert('critical', 'not allowed yet'));
    expect(RecordedNotification.shown).toEqual([]);
    RecordedNotification.permission = 'granted';
    raise(alert('warning', 'data is stale'), alert('critical', 'the engine gave up'));
    expect(RecordedNotification.shown).toEqual([
      { title: 'Quorum', body: 'data is stale' },
      { title: 'Quorum — critical', body: 'the engine gave up' },
    ]);
  });

  it('still shows the banner when the system refuses the notification', () => {
    inDesktopApp(true);
    RecordedNotification.failing = true;
    raise(alert('critical', 'the kill switch was engaged'));
    expect(useRisk.getState().banner).toMatchObject({ severity: 'critical', message: 'the kill switch was engaged' });
  });
});
