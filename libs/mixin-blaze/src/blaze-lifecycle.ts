import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BlazeRuntime } from './blaze-runtime.js';

/**
 * Connects once every handler is bound (application bootstrap) and shuts down in order: stop
 * taking messages, wait for running handlers, flush acks, close the socket.
 */
@Injectable()
export class BlazeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('MixinBlaze');

  constructor(private readonly runtime: BlazeRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    // Connection (and Redis) failures are retried in the background, not thrown at boot; only a
    // missing ioredis package in cluster mode fails here.
    if (this.runtime.settings.options.autoConnect) await this.runtime.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.runtime.dispatcher.stopIntake();
    // Cluster: stop reading the queue, and a leader hands its lease over at once.
    await this.runtime.cluster?.beginShutdown();
  }

  async onApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + this.runtime.settings.options.shutdownTimeoutMs;
    await this.runtime.dispatcher.drain(Math.max(0, deadline - Date.now()));
    await this.runtime.acks.flush(Math.max(0, deadline - Date.now()));
    await this.runtime.cluster?.shutdown(Math.max(0, deadline - Date.now()));
    this.runtime.acks.stop();
    await this.runtime.connection.close();
    this.runtime.http.close();
    this.logger.log('Blaze connection closed');
  }
}
