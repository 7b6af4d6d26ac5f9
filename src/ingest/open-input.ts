// Opens a file path or "-" (stdin) as a stream, gunzipping `.gz` files and gzip-magic input.
import { createReadStream } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** Opens `path` ("-" for stdin); gzip is detected from its magic bytes, whatever the file name. */
export function openInput(path: string, stdin: Readable = process.stdin): Readable {
  const raw = path === "-" ? stdin : createReadStream(path);
  return sniffGzip(raw);
}

function sniffGzip(raw: Readable): Readable {
  const output = new PassThrough();
  let decided = false;
  raw.once("error", (error) => output.destroy(error));
  raw.on("data", function onFirst(chunk: Buffer) {
    if (decided) return;
    decided = true;
    raw.off("data", onFirst);
    raw.pause();
    const gzip = chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b;
    if (gzip) {
      const gunzip = createGunzip();
      gunzip.once("error", (error) => output.destroy(error));
      gunzip.write(chunk);
      raw.pipe(gunzip).pipe(output);
    } else {
      output.write(chunk);
      raw.pipe(output);
    }
    raw.resume();
  });
  raw.once("end", () => {
    if (!decided) output.end();
  });
  return output;
}
