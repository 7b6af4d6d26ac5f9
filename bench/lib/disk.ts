// Free disk space where bench/.cache lives: the big stores are built only when they fit with room to spare.
import { existsSync, statfsSync } from "node:fs";
import { CACHE_DIR } from "./data.js";

/** Bytes available to this user on the file system of bench/.cache (or of the bench folder before it exists). */
export function freeBytes(): number {
  const stats = statfsSync(existsSync(CACHE_DIR) ? CACHE_DIR : `${CACHE_DIR}/..`);
  return stats.bavail * stats.bsize;
}

/** Room left after writing `bytes`, kept free for the other work on the machine and engine temp files. */
export const DISK_RESERVE_BYTES = 8 * 2 ** 30;

/** Whether `bytes` more fit on disk and leave DISK_RESERVE_BYTES free. */
export function fits(bytes: number): boolean {
  return freeBytes() - bytes >= DISK_RESERVE_BYTES;
}

export const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
