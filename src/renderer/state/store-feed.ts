import type { ViewData, ViewName } from '../../shared/contracts/views.ts';
import type { EngineEventType, EventOf } from '../../shared/messages/events.ts';

/** Applies one animation frame's events of a type, in the order they arrived. */
export type EventHandlers = { [T in EngineEventType]?: (events: EventOf<T>[]) => void };

/** Applies a pushed view (`key` names the instrument of a keyed view), or says why it could not be read. */
export interface ViewHandler<V extends ViewName> {
  apply(data: ViewData<V>, key?: string): void;
  fail?(message: string, key?: string): void;
}
export type ViewHandlers = { [V in ViewName]?: ViewHandler<V> };

/** What a store takes from the engine: the events and the views it applies itself. */
export interface StoreFeed {
  events?: EventHandlers;
  views?: ViewHandlers;
}
