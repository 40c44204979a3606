/**
 * Record pages' data: every record with the labels of the records it links to and the
 * records that link to it (backlinks; a discrepancy names what it is about, so a record's
 * backlinks lead to the points where the sources disagree on it), plus retired ids with
 * where they went. Entries go to chunks chosen by a hash of the id (layout.ts chunkOf), so a
 * record page loads one chunk whatever the size of its table.
 */
import type { Dataset } from "../../model.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import { chunkOf, type Backlink, type RecordChunk, type RecordEntry, type TableMeta } from "./layout.ts";
import { labelOf, valuesAt } from "./tables.ts";

export type Labels = Map<string, Map<string, string>>;

export function recordLabels(dataset: Dataset): Labels {
  return new Map(dataset.tables.map(({ table, rows }) => [table.name, new Map(rows.map((row) => [String(row.id), labelOf(row)]))]));
}

/** Chunks by table, each an array indexed by chunk number. */
export function recordChunks(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, labels: Labels): Map<string, RecordChunk[]> {
  const backlinks = collectBacklinks(dataset, metas, labels);
  const chunks = new Map<string, RecordChunk[]>();
  for (const { table, rows } of dataset.tables) {
    const meta = metas.get(table.name)!;
    const tableChunks: RecordChunk[] = Array.from({ length: meta.chunks }, () => ({ entries: [] }));
    chunks.set(table.name, tableChunks);
    for (const row of rows) {
      const id = String(row.id);
      const linked: Record<string, string> = {};
      for (const [path, target] of Object.entries(meta.links)) {
        for (const value of valuesAt(row, path)) {
          const label = labels.get(target)?.get(String(value));
          if (label !== undefined) linked[`${target}/${String(value)}`] = label;
        }
      }
      const entry: RecordEntry = { table: table.name, id, label: labelOf(row), record: row, labels: linked, backlinks: backlinks.get(`${table.name}/${id}`) ?? [] };
      tableChunks[chunkOf(id, meta.chunks)]!.entries.push(entry);
    }
  }
  for (const { table, id, status, reason, moved_to } of dataset.tombstones) {
    const tableChunks = chunks.get(table);
    if (!tableChunks) continue;
    tableChunks[chunkOf(id, tableChunks.length)]!.entries.push({ table, id, retired: { status, reason, ...(moved_to ? { moved_to } : {}) } });
  }
  return chunks;
}

function collectBacklinks(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, labels: Labels): Map<string, Backlink[]> {
  const found = new Map<string, Backlink[]>();
  for (const { table, rows } of dataset.tables) {
    const meta = metas.get(table.name)!;
    for (const [path, target] of Object.entries(meta.links)) {
      for (const row of rows) {
        const seen = new Set<string>();
        for (const value of valuesAt(row, path)) {
          const key = `${target}/${String(value)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const list = found.get(key) ?? [];
          list.push({ table: table.name, id: String(row.id), label: labels.get(table.name)?.get(String(row.id)) ?? String(row.id), via: path });
          found.set(key, list);
        }
      }
    }
  }
  for (const list of found.values()) list.sort((a, b) => compareText(a.table, b.table) || compareText(a.id, b.id) || compareText(a.via, b.via));
  return found;
}
