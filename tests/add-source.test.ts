/** npm run add-source: the stub record of a new source document, with its sha256 computed. */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validate } from "../scripts/engine/cli.ts";
import { addSource } from "../scripts/engine/add-source.ts";
import { copyFixture, run, snapshot, tempDir } from "./helpers/project.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

describe("npm run add-source", () => {
  it("writes a stub with the id and title from a title line, and the sha256, that validates", async () => {
    const root = copyFixture();
    const text = "Circles and Squares Meet Again\n\nThe Circle met the Square.\n";
    writeFileSync(join(root, "documents", "meeting.txt"), text);
    const result = await run(addSource, ["--root", root, join(root, "documents", "meeting.txt")]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, "sources/documents/circles-and-squares-meet-again.yaml"), "utf8")).toBe(
      `id: circles-and-squares-meet-again\ntitle: Circles and Squares Meet Again\nsha256: ${sha(text)}\n`,
    );
    expect(result.stdout).toMatch(/^wrote \S*sources\/documents\/circles-and-squares-meet-again\.yaml \(sha256 [0-9a-f]{64}\)$/);
    expect((await run(validate, ["--root", root])).status).toBe(0);
  });

  it("takes no title from a first line that runs into the text, names the id after the file, and says to copy it into the documents folder", async () => {
    const root = copyFixture();
    const outside = join(tempDir(), "Field Notes_2024.txt");
    writeFileSync(outside, "The Circle met the Square on Monday.\nThey spoke of Ada.\n");
    const result = await run(addSource, ["--root", root, outside]);
    expect(result.status).toBe(0);
    expect(readFileSync(join(root, "sources/documents/field-notes-2024.yaml"), "utf8")).not.toContain("title:");
    expect(result.stdout).toContain("copy Field Notes_2024.txt into the documents folder, so that its quotes are checked");
  });

  it("refuses a document a record already names (exit 1), and a file that is not there (exit 2), writing nothing", async () => {
    const root = copyFixture();
    const before = snapshot(root);
    const again = await run(addSource, ["--root", root, join(root, "documents", "report.txt")]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^error: sources\/documents\/report\.yaml already names this document \(sha256 [0-9a-f]{64}\)$/);
    const missing = await run(addSource, ["--root", root, join(root, "nowhere.txt")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nowhere.txt does not exist");
    expect(snapshot(root)).toEqual(before);
  });
});
