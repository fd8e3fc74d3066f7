import WebSocket from 'ws';

/** Closes a socket with a close frame, or terminates it when the peer does not answer within `graceMs`. */
export function closeSocket(ws: WebSocket, graceMs = 2000): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'shutdown');
  });
}
