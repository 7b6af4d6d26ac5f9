// The `vigil` command line: one program, one verb per module under commands/.
import { Command, CommanderError } from "commander";
import { systemClock } from "../shared/clock.js";
import { registerBucket } from "./commands/bucket.js";
import { registerConnection } from "./commands/connection.js";
import { registerDeadLetter } from "./commands/deadletter.js";
import { registerDemo } from "./commands/demo.js";
import { registerDevEventHubs } from "./commands/dev-eventhubs.js";
import { registerDevSend } from "./commands/dev-send.js";
import { registerGenerate } from "./commands/generate.js";
import { registerImport } from "./commands/import.js";
import { registerMaintain } from "./commands/maintain.js";
import { type CliIo, registerMap } from "./commands/map.js";
import { registerQuery } from "./commands/query.js";
import { registerServe } from "./commands/serve.js";
import { registerStats } from "./commands/stats.js";
import { registerToken } from "./commands/token.js";

export function buildProgram(io: CliIo): Command {
  const program = new Command("vigil")
    .description(
      "Vigil: Microsoft Defender for Cloud container vulnerability findings, normalized, stored and queryable.",
    )
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerDemo(program, io);
  registerGenerate(program, io);
  registerMap(program, io);
  registerImport(program, io);
  registerStats(program, io);
  registerBucket(program, io);
  registerMaintain(program, io);
  registerQuery(program, io);
  registerServe(program, io);
  registerToken(program, io);
  registerDeadLetter(program, io);
  registerConnection(program, io);
  const dev = program
    .command("dev")
    .description("Development tools: a local Event Hubs stand-in and a sender.");
  registerDevEventHubs(dev, io);
  registerDevSend(dev, io);
  return program;
}

/** Runs the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const program = buildProgram(io).exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`vigil: ${(error as Error).message}\n`);
    return 1;
  }
}

function defaultIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    clock: systemClock,
  };
}
