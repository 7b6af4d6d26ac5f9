// Writing to stdout/stderr with backpressure, so large outputs neither buffer unbounded nor get cut off.
import { once } from "node:events";
import type { Writable } from "node:stream";

/** Writes `text`, waiting for the stream to drain when its buffer is full. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}
