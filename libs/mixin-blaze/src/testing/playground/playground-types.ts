import type { BlazeEmulatorEvents, MessageView, UserSendOptions } from '../emulator-types.js';

/** Options of `emu.servePlayground()` / `BlazeEmulator.start({ playground })`. */
export interface PlaygroundOptions {
  /** 0 (default) picks a free port. The page is always served on the emulator's loopback host. */
  port?: number;
  /** Display names of the users the page can speak as; default Alice (the emulator's default user) and Bob. */
  users?: Array<{ name: string; userId: string }>;
}

/**
 * What the bot reports about a message it handles (see `playgroundReporting`): the emulator only
 * sees pushes and acks, so attempts, success and dead letters come from the bot's side.
 */
export interface PlaygroundReport {
  messageId: string;
  /** 'attempt': a handler started (attempt 2+ is a retry); 'failed': that attempt threw. */
  state: 'attempt' | 'handled' | 'failed' | 'dead-lettered';
  attempt?: number;
  /** A short reason for 'failed' and 'dead-lettered' (cut and shown as text, never as markup). */
  detail?: string;
}

/** The running playground: the page's address, and a way for the bot to report outcomes. */
export interface Playground {
  readonly url: string;
  readonly port: number;
  /** Shows a handler outcome on the page; ignored for messages this emulator never pushed. */
  report(report: PlaygroundReport): void;
  /** Stops serving the page; open event streams end. Called by `emu.close()`. */
  close(): Promise<void>;
}

/** The slice of the emulator the playground uses (kept narrow so it is easy to fake). */
export interface PlaygroundHost {
  readonly botUserId: string;
  readonly userId: string;
  userSends(opts: UserSendOptions): MessageView;
  deliveries(messageId: string): number;
  on<K extends keyof BlazeEmulatorEvents>(event: K, listener: (...args: BlazeEmulatorEvents[K]) => void): unknown;
  off<K extends keyof BlazeEmulatorEvents>(event: K, listener: (...args: BlazeEmulatorEvents[K]) => void): unknown;
}

/** One event on the page's stream (`GET /events`, server-sent events, JSON data). */
export type PageEvent =
  | { t: 'hello'; bot: string; users: Array<{ name: string; userId: string }>; conversations: PageConversation[] }
  | { t: 'user'; id: string; conv: string; user: string; category: string; text: string; at: string }
  | { t: 'bot'; id: string; conv: string; category: string; text: string; quote: string; at: string }
  | { t: 'delivered'; id: string; n: number }
  | { t: 'acked'; id: string; via: string }
  | { t: 'report'; id: string; state: PlaygroundReport['state']; attempt: number; detail: string };

/** A conversation the page lists from the start; others appear as messages arrive in them. */
export interface PageConversation {
  id: string;
  name: string;
  group: boolean;
  /** For a 1:1, the user on the other side. */
  userId?: string;
}
