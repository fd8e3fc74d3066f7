/**
 * The lifecycle of the Blaze connection:
 * - `connecting`: the first attempt is under way;
 * - `open`: connected, `LIST_PENDING_MESSAGES` sent;
 * - `reconnecting`: the connection failed or dropped; waiting with backoff, or trying again;
 * - `unauthorized`: the server refused our token (bad key or clock skew); retrying only slowly;
 * - `closed`: not started, or shut down;
 * - `standby`: cluster mode only: another replica holds the connection (see README, "Run it in production").
 */
export type BlazeConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed' | 'standby';
