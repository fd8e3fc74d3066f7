import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy that a test can cut: every connection through it is destroyed and new ones
 * are refused until `heal()`. Used to cut one replica off from Redis while it still reaches Blaze.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private cutNow = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static listen(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy;
    const server = createServer((client) => {
      if (proxy.cutNow) return client.destroy();
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on('close', () => proxy.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        proxy = new TcpProxy(server, (server.address() as { port: number }).port);
        resolve(proxy);
      });
    });
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  cut(): void {
    this.cutNow = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cutNow = false;
  }

  close(): Promise<void> {
    this.cut();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
