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

  onApplicationBootstrap(): void {
    // start() never throws: connection failures are retried in the background, not thrown at boot.
    if (this.runtime.settings.options.autoConnect) this.runtime.connection.start();
  }

  beforeApplicationShutdown(): void {
    this.runtime.dispatcher.stopIntake();
  }

  async onApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + this.runtime.settings.options.shutdownTimeoutMs;
    await this.runtime.dispatcher.drain(Math.max(0, deadline - Date.now()));
    await this.runtime.acks.flush(Math.max(0, deadline - Date.now()));
    this.runtime.acks.stop();
    await this.runtime.connection.close();
    this.runtime.http.close();
    this.logger.log('Blaze connection closed');
  }
}
