import { Inject, Injectable } from '@nestjs/common';
import { BehaviorSubject } from 'rxjs';
import { AckBatcher } from './api/ack-batcher.js';
import { isPermanentRefusal } from './api/ack-refusal.js';
import { createAckStrategy } from './api/ack-strategy.js';
import { MixinHttpClient } from './api/mixin-http-client.js';
import { TokenSigner } from './auth/token-signer.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { BlazeDispatcher } from './dispatch/blaze-dispatcher.js';
import { HandlerRegistry } from './dispatch/handler-registry.js';
import { createMessageDecryptor } from './messages/encrypted-message.js';
import { BLAZE_SETTINGS } from './mixin-blaze.constants.js';
import { createBlazeLogger } from './nest/blaze-logger.js';
import { BLAZE_TELEMETRY, type BlazeTelemetry } from './observability/blaze-telemetry.js';
import { ProblemLog } from './observability/problem-log.js';
import type { BlazeSettings } from './options/resolve-options.js';
import { BlazeConnection } from './transport/blaze-connection.js';
import type { BlazeConnectionState } from './transport/connection-state.js';
import type { EngineLogger } from './util/engine-logger.js';

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
  readonly logger: EngineLogger;
  /** Cluster mode only: this replica's part in the cluster. */
  readonly cluster?: ClusterNode;
  /** The last error and warning of the connection and the acks, for health. */
  readonly problems = new ProblemLog();
  /** Set by `start`: before it, a cluster replica is `closed`, not `standby`. */
  private started = false;

  constructor(
    @Inject(BLAZE_SETTINGS) readonly settings: BlazeSettings,
    registry: HandlerRegistry,
    @Inject(BLAZE_TELEMETRY) { observer }: BlazeTelemetry,
  ) {
    const { options, keystore } = settings;
    // One logger for every room, so that all of them log under the same context.
    const logger = createBlazeLogger(settings.name);
    this.logger = logger;
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
        // In cluster mode the leader queues messages in Redis; workers take them from there.
        onMessage: (view) => (this.cluster ? this.cluster.push(view) : this.dispatcher.dispatch(view)),
        onUnreadable: (info) => this.dispatcher.rejectUnreadable(info),
        onStateChange: () => this.state$.next(this.state),
      },
      this.problems.watch(logger),
      observer,
    );
    const ackStrategy = createAckStrategy(options, { http: this.http, socket: this.connection });
    const send = options.cluster
      ? async (ids: string[]) => {
          try {
            await ackStrategy.send(ids);
          } catch (err) {
            // A lone ack refused for good is dropped by the batcher (see AckBatcher): so is its queue entry.
            if (ids.length === 1 && isPermanentRefusal(err)) this.cluster?.ackRefused(ids[0]);
            throw err;
          }
          this.cluster?.acked(ids);
        }
      : ackStrategy.send;
    this.acks = new AckBatcher({ ...ackStrategy.batching, retry: options.ackRetry }, send, this.problems.watch(logger), observer);
    const cluster = options.cluster
      ? new ClusterNode(options.cluster, {
          appId: keystore.appId,
          sessionId: keystore.sessionId,
          dedupeTtlMs: options.dedupe.ttlMs,
          highWaterMark: options.highWaterMark,
          lowWaterMark: options.lowWaterMark,
          maxBufferedBytes: options.maxBufferedBytes,
        }, this.acks, logger)
      : undefined;
    this.cluster = cluster;
    this.dispatcher = new BlazeDispatcher(registry, cluster?.acks ?? this.acks, {
      ...options,
      logger,
      decrypt: createMessageDecryptor({ sessionId: keystore.sessionId, seed: keystore.seed }),
      // A worker's own limit is its prefetch; the cluster's load pauses the leader's socket.
      onPressure: cluster ? undefined : (paused) => (paused ? this.connection.pause() : this.connection.resume()),
      admit: cluster && ((id) => cluster.admit(id)),
      onFinished: cluster && ((id, ran) => cluster.finished(id, ran)),
      observer,
    });
    cluster?.bind({ connection: this.connection, dispatcher: this.dispatcher, acks: this.acks, roleChanged: () => this.state$.next(this.state) });
  }

  /** The connection state; in cluster mode, `standby` while another replica holds the connection. */
  get state(): BlazeConnectionState {
    const state = this.connection.state;
    return this.cluster && this.cluster.role === 'standby' && state === 'closed' && this.started ? 'standby' : state;
  }

  /** Starts reading Blaze: connects, or in cluster mode joins the cluster (which connects when leader). */
  async start(): Promise<void> {
    this.started = true;
    if (!this.cluster) return this.connection.start();
    this.state$.next(this.state);
    await this.cluster.start();
  }
}
