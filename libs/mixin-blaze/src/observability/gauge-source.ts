import type { DispatcherStats } from '../dispatch/blaze-dispatcher.js';
import type { BlazeConnectionState } from '../transport/connection-state.js';

/** What the gauges read from one bot at scrape time. */
export interface GaugeSource {
  bot: string;
  stats(): DispatcherStats;
  state(): BlazeConnectionState;
  pendingAcks(): number;
}

/** Where a bot's gauges are reported; `bind` returns a function that stops it. */
export interface GaugeBinder {
  bind(source: GaugeSource): () => void;
}
