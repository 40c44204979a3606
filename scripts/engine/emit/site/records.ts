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
import { labelOf, pathReader } from "./tables.ts";

export type Labels = Map<string, Map<string, string>>;

export function recordLabels(dataset: Dataset): Labels {
  return new Map(dataset.tables.map(({ table, rows }) => [table.name, new Map(rows.map((row) => [String(row.id), labelOf(row)]))]));
}

/**
 * Chunks by table, each an array indexed by chunk number. One pass over every link of every
 * row gives both the labels a record shows for its links and the backlinks of the records
 * it names; the backlinks are attached once every table has been read.
 */
export function recordChunks(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, labels: Labels): Map<string, RecordChunk[]> {
  const found = new Map<string, Backlink[]>();
  const entries: RecordEntry[] = [];
  const chunks = new Map<string, RecordChunk[]>();
  const values: unknown[] = [];
  for (const { table, rows } of dataset.tables) {
    const meta = metas.get(table.name)!;
    const tableChunks: RecordChunk[] = Array.from({ length: meta.chunks }, () => ({ entries: [] }));
    chunks.set(table.name, tableChunks);
    const links = Object.entries(meta.links).map(([path, target]) => ({ path, target, read: pathReader(path), names: labels.get(target) }));
    for (const row of rows) {
      const id = String(row.id);
      const label = labelOf(row);
      const short = shortLabel(label);
      const linked: Record<string, string> = {};
      for (const { path, target, read, names } of links) {
        values.length = 0;
        read(row, values);
        for (let i = 0; i < values.length; i++) {
          const value = String(values[i]);
          // A record naming another twice through one property is one backlink.
          if (i > 0 && values.indexOf(values[i]) < i) continue;
          const key = `${target}/${value}`;
          const name = names?.get(value);
          if (name !== undefined) linked[key] = name;
          let list = found.get(key);
          if (!list) found.set(key, (list = []));
          list.push({ table: table.name, id, label: short, via: path });
        }
      }
      const entry: RecordEntry = { table: table.name, id, label, record: row, labels: linked, backlinks: [] };
      entries.push(entry);
      tableChunks[chunkOf(id, meta.chunks)]!.entries.push(entry);
    }
  }
  for (const entry of entries) {
    const { listed, counts } = limitBacklinks(found.get(`${entry.table}/${entry.id}`) ?? []);
    entry.backlinks = listed;
    if (counts.length) entry.backlinkCounts = counts;
  }
  for (const { table, id, status, reason, moved_to } of dataset.tombstones) {
    const tableChunks = chunks.get(table);
    if (!tableChunks) continue;
    tableChunks[chunkOf(id, tableChunks.length)]!.entries.push({ table, id, retired: { status, reason, ...(moved_to ? { moved_to } : {}) } });
  }
  return chunks;
}

/** The first BACKLINKS_LISTED links of each table and property, and the counts of the groups cut. */
function limitBacklinks(all: Backlink[]): { listed: Backlink[]; counts: { table: string; via: string; count: number }[] } {
  // Most records have few backlinks: no group can be cut, and one sort gives the same order.
  if (all.length <= BACKLINKS_LISTED) {
    return { listed: all.sort((a, b) => compareText(a.table, b.table) || compareText(a.via, b.via) || compareText(a.id, b.id)), counts: [] };
  }
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
