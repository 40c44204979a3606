import { describe, expect, it } from "vitest";
import { count } from "./run-report.ts";

describe("count", () => {
  it("writes one of a thing in the singular and any other number in the plural", () => {
    expect(count(1, "table")).toBe("1 table");
    expect(count(0, "record")).toBe("0 records");
    expect(count(3, "table")).toBe("3 tables");
  });
});
