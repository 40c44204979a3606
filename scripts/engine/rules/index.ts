import { danglingReference } from "./dangling-reference.ts";
import { duplicateId } from "./duplicate-id.ts";
import { evidence } from "./evidence.ts";
import { fileIdMismatch } from "./file-id-mismatch.ts";
import { formula } from "./formula.ts";
import { listSeparator } from "./list-separator.ts";
import { text } from "./text.ts";
import type { Rule } from "./rule.ts";
import { tombstones } from "./tombstones.ts";

export const RULES: readonly Rule[] = [fileIdMismatch, duplicateId, danglingReference, text, formula, listSeparator, evidence, tombstones];
