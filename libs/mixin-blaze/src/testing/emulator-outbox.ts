import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * How bytes leave one emulator connection: held while the connection plays silent (a half-open
 * connection), and corked until the turn ends, so that the replies to one socket read leave in one
 * write, as a busy server's would.
 */
export class EmulatorOutbox {
  /** Reading nothing and sending nothing: what it would send waits here. */
  silent = false;
  private readonly held: { bytes: Buffer; binary: boolean }[] = [];
  private corkedUntilIdle = false;

  constructor(private readonly ws: WebSocket) {}

  /** ws keeps its TCP socket in `_socket`. */
  rawSocket(): Socket | undefined {
    return (this.ws as unknown as { _socket?: Socket })._socket;
  }

  silence(): void {
    if (this.silent) return;
    this.silent = true;
    this.rawSocket()?.pause();
  }

  /** Reads and sends again, held bytes first; false when it was not silent. */
  resume(): boolean {
    if (!this.silent) return false;
    this.silent = false;
    this.rawSocket()?.resume();
    for (const { bytes, binary } of this.held.splice(0)) this.ws.send(bytes, { binary });
    return true;
  }

  /** Bytes exactly as given, binary or text. */
  sendBytes(bytes: Buffer, binary: boolean): void {
    if (this.silent) this.held.push({ bytes, binary });
    else this.ws.send(bytes, { binary });
  }

  /** An encoded frame; `after` runs once it is handed to the kernel. */
  sendEncoded(bytes: Buffer, after?: () => void): void {
    if (this.silent) return void this.held.push({ bytes, binary: true });
    this.corkUntilIdle();
    this.ws.send(bytes, { binary: true }, after);
  }

  private corkUntilIdle(): void {
    const socket = this.rawSocket();
    if (this.corkedUntilIdle || !socket) return;
    this.corkedUntilIdle = true;
    socket.cork();
    queueMicrotask(() => {
      this.corkedUntilIdle = false;
      socket.uncork();
    });
  }
}
