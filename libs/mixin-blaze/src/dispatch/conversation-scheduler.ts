/** A group of tasks sharing a concurrency limit (one per handler). */
export class Lane {
  running = 0;
  readonly ready: string[] = [];
  constructor(readonly limit: number) {}
}

interface Task {
  key: string;
  lane: Lane;
  run: () => Promise<void>;
}

/**
 * Runs tasks one at a time per key (a conversation, so its messages keep their order) and
 * concurrently across keys, up to a global limit and each lane's own limit.
 */
export class ConversationScheduler {
  private readonly queues = new Map<string, Task[]>();
  private readonly lanes: Lane[] = [];
  private running = 0;
  private nextLane = 0;

  constructor(private readonly limit: number) {}

  /** Creates a lane with its own limit (Infinity: only the global limit applies). */
  lane(limit = Infinity): Lane {
    const lane = new Lane(limit);
    this.lanes.push(lane);
    return lane;
  }

  /** Queues a task behind every earlier task with the same key. */
  submit(key: string, lane: Lane, run: () => Promise<void>): void {
    const queue = this.queues.get(key);
    if (queue) {
      queue.push({ key, lane, run });
      return;
    }
    this.queues.set(key, [{ key, lane, run }]);
    lane.ready.push(key);
    this.pump();
  }

  get activeCount(): number {
    return this.running;
  }

  private pump(): void {
    while (this.running < this.limit) {
      const lane = this.pickLane();
      if (!lane) return;
      const key = lane.ready.shift()!;
      this.start(this.queues.get(key)![0]);
    }
  }

  // Round robin over lanes that have work and room, so one busy handler cannot starve the others.
  private pickLane(): Lane | undefined {
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[(this.nextLane + i) % this.lanes.length];
      if (lane.ready.length > 0 && lane.running < lane.limit) {
        this.nextLane = (this.nextLane + i + 1) % this.lanes.length;
        return lane;
      }
    }
    return undefined;
  }

  private start(task: Task): void {
    this.running++;
    task.lane.running++;
    // run() never rejects (the dispatcher catches everything), but a scheduler must not stall if it did.
    const done = () => this.finished(task);
    task.run().then(done, done);
  }

  private finished(task: Task): void {
    this.running--;
    task.lane.running--;
    const queue = this.queues.get(task.key)!;
    queue.shift();
    if (queue.length > 0) queue[0].lane.ready.push(task.key);
    else this.queues.delete(task.key);
    this.pump();
  }
}
