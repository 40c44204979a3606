/**
 * Record pages' data: every record with the labels of the records it links to and the
 * records that link to it (backlinks; a discrepancy names what it is about, so a record's
 * backlinks lead to the points where the sources disagree on it), plus retired ids with
 * where they went. Entries go to chunks chosen by a hash of the id (layout.ts chunkOf), so a
 * record page loads one chunk whatever the size of its table.
 */
import type { Dataset } from "../../model.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import { BACKLINKS_LISTED, chunkOf, shortLabel, type Backlink, type RecordChunk, type RecordEntry, type TableMeta } from "./layout.ts";
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
      const { listed, counts } = limitBacklinks(backlinks.get(`${table.name}/${id}`) ?? []);
      const entry: RecordEntry = { table: table.name, id, label: labelOf(row), record: row, labels: linked, backlinks: listed, ...(counts.length ? { backlinkCounts: counts } : {}) };
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
    const names = rows.map((row) => shortLabel(labels.get(table.name)?.get(String(row.id)) ?? String(row.id)));
    for (const [path, target] of Object.entries(meta.links)) {
      for (const [index, row] of rows.entries()) {
        const seen = new Set<string>();
        for (const value of valuesAt(row, path)) {
          const key = `${target}/${String(value)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          let list = found.get(key);
          if (!list) found.set(key, (list = []));
          list.push({ table: table.name, id: String(row.id), label: names[index]!, via: path });
        }
      }
    }
  }
  return found;
}

/** The first BACKLINKS_LISTED links of each table and property, and the counts of the groups cut. */
function limitBacklinks(all: Backlink[]): { listed: Backlink[]; counts: { table: string; via: string; count: number }[] } {
  const groups = new Map<string, Backlink[]>();
  for (const link of all) {
    const key = `${link.table}\0${link.via}`;
    const group = groups.get(key);
    if (group) group.push(link);
    else groups.set(key, [link]);
  }
  const listed: Backlink[] = [];
  const counts: { table: string; via: string; count: number }[] = [];
  const ordered = [...groups].sort(([a], [b]) => compareText(a, b)).map(([, group]) => group);
  for (const group of ordered) {
    // Sorted here, where a group is whole: by table and id, as the page lists them.
    group.sort((a, b) => compareText(a.id, b.id));
    listed.push(...group.slice(0, BACKLINKS_LISTED));
    if (group.length > BACKLINKS_LISTED) counts.push({ table: group[0]!.table, via: group[0]!.via, count: group.length });
  }
  return { listed, counts };
}
