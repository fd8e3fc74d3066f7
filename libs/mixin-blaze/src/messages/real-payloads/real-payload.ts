import type { BlazeMessageClass } from '../blaze-message.dto.js';

/**
 * One payload shape as an official Mixin sender writes it (or an official client accepts it),
 * with what the decoder must make of it. The corpus is the regression guard for issue 9 §1,
 * "Never reject a real message".
 */
export interface RealPayload {
  /** Short label for test titles. */
  readonly name: string;
  readonly category: string;
  /** Where the shape comes from: repository, path and symbol (e.g. `MixinNetwork/bot-api-go-client blaze.go SendAppCard`). */
  readonly source: string;
  /** The payload as that source puts it on the wire: a string for text categories, else JSON. */
  readonly payload: unknown;
  /** The message class the decoder must return. */
  readonly messageClass: BlazeMessageClass;
  /**
   * What the decoded `payload` must match (Jest `toMatchObject`). A key given as `undefined`
   * must be present and undefined: that is how absent and `null` wire values come out.
   */
  readonly expected: unknown;
  /**
   * Unknown wire keys the decoded payload must keep as own properties with these values; for
   * array payloads, one record per element (index-aligned, may be sparse).
   */
  readonly extras?: Readonly<Record<string, unknown>> | ReadonlyArray<Readonly<Record<string, unknown>> | undefined>;
}

/** Ids the corpus uses: real-looking Mixin UUIDs (not all version 4, as in production). */
export const REAL_IDS = {
  attachment: 'a6d7c1f0-5b3e-4c2d-9e8f-7a6b5c4d3e2f',
  app: '7404f2c1-8b5e-4c7d-9a3f-2e1d0c9b8a76',
  user: 'e8e8cd79-cd40-4796-8c54-3a13cfe50115',
  otherUser: '53bac64e-e1ff-408a-ad0e-aca20cdc68bd',
  sticker: '4f3c8e2a-1d5b-4a6c-9e7f-0b2c3d4e5f60',
  album: 'b7e1c0d2-3f4a-4b5c-8d6e-9f0a1b2c3d4e',
  message: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
  otherMessage: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70',
  asset: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  snapshot: 'b2c1d0e9-f8a7-4b6c-95d4-e3f2a1b0c9d8',
  trace: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
  /** A conversation id: md5-based (version 3), as Mixin derives them. */
  conversation: '534d23a7-9ee5-38a0-9769-0f20f83521f6',
} as const;
