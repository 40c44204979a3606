// `npm run add-source -- <document file>`: writes the source record that names a new source document.
import { runMain } from "./contract/command-guard.ts";
import { processIo } from "./contract/io.ts";
import { addSource } from "./engine/add-source.ts";

await runMain((argv) => addSource(argv, processIo));
