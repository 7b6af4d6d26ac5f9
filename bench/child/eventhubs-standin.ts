// The local Event Hubs stand-in in its own process, as the real service is not on the consumer's event loop:
// prints {"port": n} once it listens, then serves until stdin closes.
import { startEventHubsEmulator } from "../../src/dev/event-hubs-emulator/index.js";

const [hub = "defender-export", partitions = "4"] = process.argv.slice(2);
const emulator = await startEventHubsEmulator({
  port: 0,
  hubs: [{ name: hub, partitions: Number(partitions) }],
});
process.stdout.write(`${JSON.stringify({ port: emulator.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void emulator.stop().then(() => process.exit(0));
});
