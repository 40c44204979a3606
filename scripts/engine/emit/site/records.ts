/**
 * Record pages' data: every record with the labels of the records it links to and the
 * records that link to it (backlinks; a discrepancy names what it is about, so a record's
 * backlinks lead to the points where the sources disagree on it), plus retired ids with
 * where they went. Entries go to chunks chosen by a hash of the id (layout.ts chunkOf), so a
 * record page loads one chunk whatever the size of its table.
 */
import type { Dataset } from "../../model.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import { BACKLINKS_LISTED, chunkOf, shortLabel, type Backlink, type BacklinkCount, type RecordChunk, type RecordEntry, type TableMeta } from "./layout.ts";
import { labelOf, pathReader } from "./tables.ts";

export type Labels = Map<string, Map<string, string>>;

export function recordLabels(dataset: Dataset): Labels {
  return new Map(dataset.tables.map(({ table, rows }) => [table.name, new Map(rows.map((row) => [String(row.id), labelOf(row)]))]));
}

/**
 * Chunks by table, each an array indexed by chunk number. One pass over every link of every
 * row gives both the labels a record shows for its links and the backlinks of the records
 * it names; the backlinks are attached once every table has been read. Only the first
 * BACKLINKS_LISTED of each table and property are kept (rows come in id order), the rest
 * counted: a record named by a million others must not hold a million objects meanwhile.
 */
export function recordChunks(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, labels: Labels): Map<string, RecordChunk[]> {
  // By table, then id: no "table/id" string is made for each of the millions of links.
  const found = new Map<string, Map<string, Backlink[]>>();
  const overflow = new Map<string, Map<string, BacklinkCount[]>>();
  const entries: RecordEntry[] = [];
  const chunks = new Map<string, RecordChunk[]>();
  const values: unknown[] = [];
  const byTable = <T>(maps: Map<string, Map<string, T>>, table: string): Map<string, T> => {
    let map = maps.get(table);
    if (!map) maps.set(table, (map = new Map()));
    return map;
  };
  for (const { table, rows } of dataset.tables) {
    const meta = metas.get(table.name)!;
    const tableChunks: RecordChunk[] = Array.from({ length: meta.chunks }, () => ({ entries: [] }));
    chunks.set(table.name, tableChunks);
    const links = Object.entries(meta.links).map(([path, target]) => ({ path, target, read: pathReader(path), names: labels.get(target), found: byTable(found, target), counts: new Map<string, number>() }));
    for (const row of rows) {
      const id = String(row.id);
      const label = labelOf(row);
      const short = shortLabel(label);
      const linked: [string, string, string][] = [];
      for (const { path, target, read, names, found: into, counts } of links) {
        values.length = 0;
        read(row, values);
        for (let i = 0; i < values.length; i++) {
          const value = String(values[i]);
          // A record naming another twice through one property is one backlink.
          if (i > 0 && values.indexOf(values[i]) < i) continue;
          const name = names?.get(value);
          // A record names few others: a scan finds one named through two properties.
          if (name !== undefined && !linked.some(([t, i]) => i === value && t === target)) linked.push([target, value, name]);
          const count = (counts.get(value) ?? 0) + 1;
          counts.set(value, count);
          if (count > BACKLINKS_LISTED) continue;
          let list = into.get(value);
          if (!list) into.set(value, (list = []));
          list.push({ table: table.name, id, label: short, via: path });
        }
      }
      const entry: RecordEntry = { table: table.name, id, label, record: row, labels: linked, backlinks: [] };
      entries.push(entry);
      tableChunks[chunkOf(id, meta.chunks)]!.entries.push(entry);
    }
    for (const { path, target, counts } of links) {
      const into = byTable(overflow, target);
      for (const [value, count] of counts) {
        if (count <= BACKLINKS_LISTED) continue;
        let list = into.get(value);
        if (!list) into.set(value, (list = []));
        list.push({ table: table.name, via: path, count });
      }
    }
  }
  const byGroup = (a: { table: string; via: string }, b: { table: string; via: string }) => compareText(a.table, b.table) || compareText(a.via, b.via);
  for (const entry of entries) {
    entry.backlinks = (found.get(entry.table)?.get(entry.id) ?? []).sort((a, b) => byGroup(a, b) || compareText(a.id, b.id));
    const counts = overflow.get(entry.table)?.get(entry.id);
    if (counts) entry.backlinkCounts = counts.sort(byGroup);
  }
  for (const { table, id, status, reason, moved_to } of dataset.tombstones) {
    const tableChunks = chunks.get(table);
    if (!tableChunks) continue;
    tableChunks[chunkOf(id, tableChunks.length)]!.entries.push({ table, id, retired: { status, reason, ...(moved_to ? { moved_to } : {}) } });
  }
  return chunks;
}
