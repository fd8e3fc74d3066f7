import type { Socket } from 'node:net';
import type WebSocket from 'ws';

/**
 * Runs `write` with the websocket's TCP socket corked, so the frames it sends leave in one
 * write call instead of one system call each (ws corks each frame on its own, and corks nest).
 * ws keeps its socket in `_socket`; without one this simply writes uncorked.
 */
export function corked(ws: WebSocket, write: () => void): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket || typeof socket.cork !== 'function') return write();
  socket.cork();
  try {
    write();
  } finally {
    socket.uncork();
  }
}
