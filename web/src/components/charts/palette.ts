// Series colours (distinguishable, colour-blind friendly order).
export const PALETTE = [
  "#2b6cb0",
  "#dd6b20",
  "#38a169",
  "#d53f8c",
  "#805ad5",
  "#319795",
  "#d69e2e",
  "#718096",
] as const;

export const colorAt = (index: number): string => PALETTE[index % PALETTE.length] as string;

export const RISK_COLORS: Readonly<Record<string, string>> = {
  CRITICAL: "#9b2c2c",
  HIGH: "#dd6b20",
  MEDIUM: "#d69e2e",
  LOW: "#3182ce",
  NONE: "#a0aec0",
};
