// The clock, injected wherever "now" matters so that decisions stay pure and tests stay exact.

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock stopped at `iso`, for tests and golden files. */
export function fixedClock(iso: string): Clock {
  const date = new Date(iso);
  return () => new Date(date.getTime());
}
