// Helpers for driving the stand-in with the real @azure/event-hubs SDK (tests and manual checks).
import type {
  EventHubConsumerClient,
  ReceivedEventData,
  SubscribeOptions,
  Subscription,
} from "@azure/event-hubs";

/** Options of `collectEvents`. */
export interface CollectOptions extends SubscribeOptions {
  /** Subscribe to one partition only. */
  partitionId?: string;
  /** Called once the first (possibly empty) batch arrived, i.e. every receiver is attached. */
  onReady?: () => void | Promise<void>;
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
}

/**
 * Subscribes, gathers events until `count` arrived, then closes the subscription. Rejects on a
 * timeout or a non-retryable error, naming how many events had arrived.
 */
export function collectEvents(
  client: EventHubConsumerClient,
  count: number,
  options: CollectOptions = {},
): Promise<ReceivedEventData[]> {
  const { partitionId, onReady, timeoutMs = 10_000, ...subscribeOptions } = options;
  const received: ReceivedEventData[] = [];
  let subscription: Subscription | undefined;
  let ready = false;
  return new Promise<ReceivedEventData[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out with ${received.length} of ${count} events`)),
      timeoutMs,
    );
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      void subscription
        ?.close()
        .then(() => (error === undefined ? resolve(received) : reject(error)), reject);
    };
    const handlers = {
      processEvents: async (events: ReceivedEventData[]) => {
        received.push(...events);
        if (!ready) {
          ready = true;
          await onReady?.();
        }
        if (received.length >= count) finish();
      },
      processError: async (error: Error) => {
        if ((error as { retryable?: boolean }).retryable === false) finish(error);
      },
    };
    const merged = { maxWaitTimeInSeconds: 0.2, ...subscribeOptions };
    subscription =
      partitionId === undefined
        ? client.subscribe(handlers, merged)
        : client.subscribe(partitionId, handlers, merged);
  });
}
