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

export interface CopyOptions {
  /**
   * A node_modules folder of the copy's own: each package linked to the project's, but a package npm
   * links from the project itself (`file:shims/cdktf`) linked to the copy's, and a `.cache` folder
   * of its own, so that what runs in the copy runs the copy's sources and never rewrites the
   * project's caches (tsc's build info, Jest's transforms).
   * @default false: node_modules linked whole
   */
  readonly ownNodeModules?: boolean;
}

/** The folder in node_modules where the type check, the linters and Jest keep their caches. */
const CACHES = ".cache";

/**
 * A copy of the project in `dir` to deploy from, so that the rehearsal's state files, cdktf.out
 * and lock files never mix with the user's: the sources and configuration as they are in the work
 * tree (uncommitted changes included), `node_modules` linked, no state.
 */
export function copyProject(root: string, dir: string, options: CopyOptions = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(root, dir, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return source === root || !(NOT_COPIED.has(name) || name.startsWith(".venv") || isState(name));
    },
  });
  const modules = path.join(root, "node_modules");
  if (!options.ownNodeModules) {
    fs.symlinkSync(modules, path.join(dir, "node_modules"), "dir");
    return dir;
  }
  fs.mkdirSync(path.join(dir, "node_modules", CACHES), { recursive: true });
  for (const entry of fs.readdirSync(modules).filter((name) => name !== CACHES)) {
    const link = fs.lstatSync(path.join(modules, entry)).isSymbolicLink() ? fs.readlinkSync(path.join(modules, entry)) : undefined;
    // A package npm links from the project (`file:shims/cdktf`, written ../shims/cdktf) is the copy's own.
    const target = link !== undefined && !path.isAbsolute(link) ? link : path.join(modules, entry);
    fs.symlinkSync(target, path.join(dir, "node_modules", entry));
  }
  return dir;
}
