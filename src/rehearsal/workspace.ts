import * as fs from "fs";
import * as path from "path";

/** What a copy of the project leaves out: what is built, installed or deployed, never its sources. */
const NOT_COPIED = new Set([
  "node_modules",
  ".git",
  "cdktf.out",
  ".build",
  ".terraform",
  ".terraform-cli",
  "bench-results",
  "coverage",
  ".out",
]);
const isState = (name: string) => /\.tfstate(\.backup|\.lock\.info)?$/.test(name) || name === ".terraform.lock.hcl";

/**
 * A copy of the project in `dir` to deploy from, so that the rehearsal's state files, cdktf.out
 * and lock files never mix with the user's: the sources and configuration as they are in the work
 * tree (uncommitted changes included), `node_modules` linked, no state.
 */
export function copyProject(root: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(root, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return source === root || !(NOT_COPIED.has(name) || name.startsWith(".venv") || isState(name));
    },
  });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}
