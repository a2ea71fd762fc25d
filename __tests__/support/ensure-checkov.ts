// One run of ensureCheckov in a process of its own (checkov-install.e2e.ts starts two at once): prints the
// python it would run checkov with, and the version.
import { ensureCheckov } from "../../src/tools/checkov-install";

const installed = ensureCheckov(process.argv[2], () => undefined);
console.log(`${installed.python} ${installed.version}`);
