// Profiling target: one parse + map pass over a records file (run under node --cpu-prof).
import { parseAndMap } from "../sections/mapping.js";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: map-once.ts <records.ndjson>");
const events = await parseAndMap(path);
process.stdout.write(`${JSON.stringify({ events })}\n`);
