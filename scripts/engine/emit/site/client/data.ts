/** Loads the site's data files (layout.ts), each once per page load. */
import { chunkOf, chunkPath, facetsPath, MANIFEST, pagePath, shardPath, TIMELINE, CHARTS, type ChartSeries, type Facets, type Manifest, type RecordChunk, type RecordEntry, type SearchShard, type TableMeta, type TablePage, type TimelineEntry } from "../layout.ts";

const loaded = new Map<string, Promise<unknown>>();

export class MissingFile extends Error {}

function load<T>(path: string): Promise<T> {
  let promise = loaded.get(path);
  if (!promise) {
    promise = fetch(path).then((response) => {
      if (response.status === 404) throw new MissingFile(path);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    });
    loaded.set(path, promise);
    promise.catch(() => loaded.delete(path));
  }
  return promise as Promise<T>;
}

export const manifest = (): Promise<Manifest> => load<Manifest>(MANIFEST);
export const page = (table: string, index: number): Promise<TablePage> => load<TablePage>(pagePath(table, index));
export const facets = (table: string): Promise<Facets> => load<Facets>(facetsPath(table));
export const timeline = (): Promise<TimelineEntry[]> => load<TimelineEntry[]>(TIMELINE);
export const charts = (): Promise<ChartSeries[]> => load<ChartSeries[]>(CHARTS);

/** A search shard; a shard no word starts with is not written, and reads as empty. */
export async function shard(name: string): Promise<SearchShard> {
  try {
    return await load<SearchShard>(shardPath(name));
  } catch (error) {
    if (error instanceof MissingFile) return { refs: [], tokens: {} };
    throw error;
  }
}

export async function tableMeta(table: string): Promise<TableMeta | undefined> {
  return (await manifest()).tables.find((candidate) => candidate.name === table);
}

/** Every row of a table: for sorting, filtering and facets over the whole table. */
export async function allRows(meta: TableMeta): Promise<TablePage["rows"]> {
  const pages = await Promise.all(Array.from({ length: meta.pages }, (_, index) => page(meta.name, index)));
  return pages.flatMap((one) => one.rows);
}

export async function record(meta: TableMeta, id: string): Promise<RecordEntry | undefined> {
  const chunk = await load<RecordChunk>(chunkPath(meta.name, chunkOf(id, meta.chunks)));
  return chunk.entries.find((entry) => entry.id === id);
}
