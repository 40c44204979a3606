/**
 * Record pages' data: every record with the labels of the records it links to and the
 * records that link to it (backlinks; a discrepancy names what it is about, so a record's
 * backlinks lead to the points where the sources disagree on it), plus retired ids with
 * where they went. Entries go to chunks chosen by a hash of the id (layout.ts chunkOf), so a
 * record page loads one chunk whatever the size of its table. Made from the tables'
 * summaries (summary.ts), and for some chunks only when a rebuild knows the rest unchanged.
 */
import type { Dataset } from "../../model.ts";
import { compareText } from "../../../contract/diagnostics.ts";
import { BACKLINKS_LISTED, chunkOf, shortLabel, type Backlink, type BacklinkCount, type RecordChunk, type RecordEntry, type TableMeta } from "./layout.ts";
import { chunksOf, linkPaths, linksOf, type TableSummary } from "./summary.ts";
import type { TableRows } from "./table-rows.ts";

/** Chunk numbers to make, by table (a table not listed: none); undefined: every chunk. */
export type WantedChunks = ReadonlyMap<string, ReadonlySet<number>> | undefined;

/**
 * The wanted chunks by table, then chunk number. One pass over every link of every row
 * gives the backlinks of the records in wanted chunks. Only the first BACKLINKS_LISTED of
 * each table and property are kept (rows come in id order), the rest counted: a record
 * named by a million others must not hold a million objects meanwhile.
 */
export function recordChunks(dataset: Dataset, metas: ReadonlyMap<string, TableMeta>, summaries: ReadonlyMap<string, TableSummary>, rows: ReadonlyMap<string, TableRows>, wanted?: WantedChunks): Map<string, Map<number, RecordChunk>> {
  const wants = (table: string, chunk: number) => wanted === undefined || wanted.get(table)?.has(chunk) === true;
  const chunksIn = (table: string) => {
    const summary = summaries.get(table);
    return summary ? chunksOf(summary) : 1;
  };
  // By table, then id: no "table/id" string is made for each of the millions of links.
  const found = new Map<string, Map<string, Backlink[]>>();
  const overflow = new Map<string, Map<string, BacklinkCount[]>>();
  const byTable = <T>(maps: Map<string, Map<string, T>>, table: string): Map<string, T> => {
    let map = maps.get(table);
    if (!map) maps.set(table, (map = new Map()));
    return map;
  };
  for (const { table } of dataset.tables) {
    const summary = summaries.get(table.name)!;
    const tableRows = rows.get(table.name)!;
    const paths = linkPaths(metas.get(table.name)!);
    const links = paths.map((path) => {
      const target = metas.get(table.name)!.links[path]!;
      // Chunks of the target to make (undefined: all of them); links into no wanted chunk are passed over.
      const chunks = wanted === undefined ? undefined : (wanted.get(target) ?? new Set<number>());
      return { path, target, chunks, targetChunks: chunksIn(target), counts: new Map<string, number>() };
    });
    for (let row = 0; row < summary.ids.length; row++) {
      let label: string | undefined;
      for (const [index, value] of linksOf(summary, row)) {
        const { path, target, chunks, targetChunks, counts } = links[index]!;
        if (chunks !== undefined && (chunks.size === 0 || !chunks.has(chunkOf(value, targetChunks)))) continue;
        const count = (counts.get(value) ?? 0) + 1;
        counts.set(value, count);
        if (count > BACKLINKS_LISTED) continue;
        const into = byTable(found, target);
        let list = into.get(value);
        if (!list) into.set(value, (list = []));
        list.push({ table: table.name, id: summary.ids[row]!, label: (label ??= shortLabel(tableRows.label(row))), via: path });
      }
    }
    for (const { path, target, counts } of links) {
      for (const [value, count] of counts) {
        if (count <= BACKLINKS_LISTED) continue;
        const into = byTable(overflow, target);
        let list = into.get(value);
        if (!list) into.set(value, (list = []));
        list.push({ table: table.name, via: path, count });
      }
    }
  }
  // Labels by id of the tables that wanted records link to, made when first needed.
  const names = new Map<string, Map<string, string>>();
  const namesOf = (table: string) => {
    let map = names.get(table);
    if (!map) {
      const ids = summaries.get(table)?.ids ?? [];
      const tableRows = rows.get(table);
      names.set(table, (map = new Map(tableRows ? ids.map((id, row) => [id, tableRows.label(row)]) : [])));
    }
    return map;
  };
  const byGroup = (a: { table: string; via: string }, b: { table: string; via: string }) => compareText(a.table, b.table) || compareText(a.via, b.via);
  const chunks = new Map<string, Map<number, RecordChunk>>();
  for (const { table } of dataset.tables) {
    const summary = summaries.get(table.name)!;
    const tableRows = rows.get(table.name)!;
    const meta = metas.get(table.name)!;
    const tableChunks = new Map<number, RecordChunk>();
    const count = chunksOf(summary);
    for (let chunk = 0; chunk < count; chunk++) if (wants(table.name, chunk)) tableChunks.set(chunk, { entries: [] });
    chunks.set(table.name, tableChunks);
    if (tableChunks.size === 0) continue;
    const paths = linkPaths(meta);
    for (let row = 0; row < summary.ids.length; row++) {
      const id = summary.ids[row]!;
      const chunk = tableChunks.get(chunkOf(id, count));
      if (!chunk) continue;
      const linked: [string, string, string][] = [];
      for (const [index, value] of linksOf(summary, row)) {
        const target = meta.links[paths[index]!]!;
        const name = namesOf(target).get(value);
        // A record names few others: a scan finds one named through two properties.
        if (name !== undefined && !linked.some(([t, i]) => i === value && t === target)) linked.push([target, value, name]);
      }
      const entry: RecordEntry = { table: table.name, id, label: tableRows.label(row), record: tableRows.record(row), labels: linked, backlinks: [] };
      entry.backlinks = (found.get(table.name)?.get(id) ?? []).sort((a, b) => byGroup(a, b) || compareText(a.id, b.id));
      const counts = overflow.get(table.name)?.get(id);
      if (counts) entry.backlinkCounts = counts.sort(byGroup);
      chunk.entries.push(entry);
    }
  }
  for (const { table, id, status, reason, moved_to } of dataset.tombstones) {
    const summary = summaries.get(table);
    const chunk = summary && chunks.get(table)?.get(chunkOf(id, chunksOf(summary)));
    chunk?.entries.push({ table, id, retired: { status, reason, ...(moved_to ? { moved_to } : {}) } });
  }
  return chunks;
}
