import { describe, expect, it } from "vitest";
import { parseDefenderDate, recordDate } from "./dates.js";
import { RecordRejection } from "./rejection.js";

describe("parseDefenderDate", () => {
  it.each([
    ["2020-08-04T00:00:00", "2020-08-04T00:00:00.000Z"],
    ["2023-11-07T00:00:00.0000000Z", "2023-11-07T00:00:00.000Z"],
    ["2025-07-10T15:09:36.653+00:00", "2025-07-10T15:09:36.653Z"],
    ["2023-08-08T08:14:13.742742Z", "2023-08-08T08:14:13.742Z"],
    ["2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00.000Z"],
    ["2024-01-01", "2024-01-01T00:00:00.000Z"],
  ])("%s → %s", (input, expected) => {
    expect(parseDefenderDate(input)).toBe(expected);
  });

  it.each(["not-a-date", "2024-13-01T00:00:00Z", "", "12/01/2024"])("rejects %j", (input) => {
    expect(parseDefenderDate(input)).toBeUndefined();
  });

  it("recordDate takes the first present candidate and names the bad field", () => {
    expect(
      recordDate([
        ["a", undefined],
        ["b", "2024-01-01"],
      ]),
    ).toBe("2024-01-01T00:00:00.000Z");
    expect(recordDate([["a", undefined]])).toBeUndefined();
    expect(() => recordDate([["properties.timeGenerated", "soon"]])).toThrow(RecordRejection);
    try {
      recordDate([["properties.timeGenerated", "soon"]]);
    } catch (error) {
      expect((error as RecordRejection).field).toBe("properties.timeGenerated");
    }
  });
});
