// `npm run site`: serve dist/ on 127.0.0.1 and print the explorer site's address.
import { runMain } from "./contract/command-guard.ts";
import { processIo } from "./contract/io.ts";
import { serveSite } from "./published/serve-command.ts";

await runMain((argv) => serveSite(argv, processIo));
