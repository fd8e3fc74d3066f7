import { Inject, Injectable, Logger } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { AckBatcher } from './api/ack-batcher.js';
import { createAckStrategy } from './api/ack-strategy.js';
import { MixinHttpClient } from './api/mixin-http-client.js';
import { TokenSigner } from './auth/token-signer.js';
import { BlazeDispatcher } from './dispatch/blaze-dispatcher.js';
import { HandlerRegistry } from './dispatch/handler-registry.js';
import { createMessageDecryptor } from './messages/encrypted-message.js';
import { BLAZE_SETTINGS } from './mixin-blaze.constants.js';
import { BLAZE_TELEMETRY, type BlazeTelemetry } from './observability/blaze-telemetry.js';
import { ProblemLog } from './observability/problem-log.js';
import type { BlazeSettings } from './options/resolve-options.js';
import { BlazeConnection } from './transport/blaze-connection.js';
import type { BlazeConnectionState } from './transport/connection-state.js';

/**
 * Builds and owns the rooms of one bot: connection, HTTP client, ack batcher and dispatcher,
 * wired so that a message flows one way: socket → dispatcher → handler → acks.
 */
@Injectable()
export class BlazeRuntime {
  readonly http: MixinHttpClient;
  readonly connection: BlazeConnection;
  readonly acks: AckBatcher;
  readonly dispatcher: BlazeDispatcher;
  readonly state$ = new BehaviorSubject<BlazeConnectionState>('closed');
  /** The last error and warning of the connection and the acks, for health. */
  readonly problems = new ProblemLog();

  constructor(
    @Inject(BLAZE_SETTINGS) readonly settings: BlazeSettings,
    registry: HandlerRegistry,
    @Inject(BLAZE_TELEMETRY) { observer }: BlazeTelemetry,
  ) {
    const { options, keystore } = settings;
    // One logger for every room, so that all of them log under the same context.
    const logger = new Logger(settings.name === undefined ? 'MixinBlaze' : `MixinBlaze:${settings.name}`);
    const signer = new TokenSigner(keystore);
    this.http = new MixinHttpClient(options.apiUrl, signer, options.requestTimeoutMs);
    this.connection = new BlazeConnection(
      {
        urls: options.blazeUrls,
        connectTimeoutMs: options.connectTimeoutMs,
        requestTimeoutMs: options.requestTimeoutMs,
        pingIntervalMs: options.pingIntervalMs,
        deadConnectionTimeoutMs: options.deadConnectionTimeoutMs,
        reconnect: options.reconnect,
        unauthorizedRetryMs: options.unauthorizedRetryMs,
        maxCompressedBytes: options.maxFrameBytes,
        maxInflatedBytes: options.maxInflatedFrameBytes,
      },
      signer,
      {
        onMessage: (view) => this.dispatcher.dispatch(view),
        onUnreadable: (info) => this.dispatcher.rejectUnreadable(info),
        onStateChange: (state) => this.state$.next(state),
      },
      this.problems.watch(logger),
      observer,
    );
    const ackStrategy = createAckStrategy(options, { http: this.http, socket: this.connection });
    this.acks = new AckBatcher({ ...ackStrategy.batching, retry: options.ackRetry }, ackStrategy.send, this.problems.watch(logger), observer);
    this.dispatcher = new BlazeDispatcher(registry, this.acks, {
      ...options,
      logger,
      decrypt: createMessageDecryptor({ sessionId: keystore.sessionId, seed: keystore.seed }),
      onPressure: (paused) => (paused ? this.connection.pause() : this.connection.resume()),
      observer,
    });
  }
}
