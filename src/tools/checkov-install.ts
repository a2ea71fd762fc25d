/**
 * The pinned checkov (requirements-checkov.txt), in the project's own virtual environment
 * (.venv-checkov, git-ignored), installed on first use so that `npm test` needs nothing but python3.
 *
 * Concurrent runs (Jest workers, CI's runs on several Node versions, two terminals) never see a half
 * installed environment: each builds its own in a sibling folder and renames it into place, which is
 * atomic; the loser of a race removes its copy and uses the winner's. checkov runs as
 * `python -m checkov.main`, which (unlike the `checkov` entry point's absolute shebang) survives the
 * rename.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** checkov cannot be installed or run as the project sets it up: a message for the user, not a bug. */
export class CheckovError extends Error {}

export interface InstalledCheckov {
  /** The virtual environment's python; run checkov as `python -m checkov.main`. */
  readonly python: string;
  readonly version: string;
}

const VENV = ".venv-checkov";
const PARTIAL = `${VENV}.partial-`;

export function pinnedVersion(root: string): string {
  const file = path.join(root, "requirements-checkov.txt");
  const version = /^checkov==(\S+)$/m.exec(fs.readFileSync(file, "utf8"))?.[1];
  if (!version) throw new CheckovError(`${file} pins no checkov version (a line checkov==X.Y.Z)`);
  return version;
}

/** The checkov version a virtual environment holds, from its package metadata (no process started). */
function installedVersion(venv: string): string | undefined {
  const lib = path.join(venv, "lib");
  if (!fs.existsSync(path.join(venv, "bin", "python")) || !fs.existsSync(lib)) return undefined;
  for (const python of fs.readdirSync(lib)) {
    const packages = path.join(lib, python, "site-packages");
    const info = fs.existsSync(packages) ? fs.readdirSync(packages).find((d) => /^checkov-[^-]+\.dist-info$/.test(d)) : undefined;
    if (info) return info.slice("checkov-".length, -".dist-info".length);
  }
  return undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Half-built environments of runs that were killed mid-install (Ctrl-C during pip): their process is gone. */
function removeAbandoned(root: string) {
  for (const name of fs.readdirSync(root).filter((n) => n.startsWith(PARTIAL))) {
    const pid = Number(name.slice(PARTIAL.length).split("-")[0]);
    if (!alive(pid)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

const NO_PYTHON =
  "checkov needs Python 3.9 or later, and python3 is not on PATH: install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv; macOS: brew install python) and run the command again.";

function run(command: string, args: string[], what: string, hint: string) {
  const r = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") throw new CheckovError(NO_PYTHON);
  if (r.status !== 0) {
    const said = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim().split("\n").slice(-5).join("\n");
    throw new CheckovError(`${what} failed (exit ${r.status ?? r.signal}): ${hint}\n${said}`);
  }
}

/** The pinned checkov, installing it into .venv-checkov first when it is missing or another version. */
export function ensureCheckov(root: string, log: (line: string) => void = (l) => console.error(l)): InstalledCheckov {
  const pinned = pinnedVersion(root);
  const venv = path.join(root, VENV);
  const ready = () => (installedVersion(venv) === pinned ? { python: path.join(venv, "bin", "python"), version: pinned } : undefined);
  const found = ready();
  if (found) return found;

  removeAbandoned(root);
  const partial = path.join(root, `${PARTIAL}${process.pid}-${Date.now()}`);
  log(`Installing checkov ${pinned} (requirements-checkov.txt) into ${VENV}: once, about a minute…`);
  try {
    run(
      "python3",
      ["-m", "venv", partial],
      "python3 -m venv",
      "python3 needs its venv module (Debian/Ubuntu: sudo apt-get install python3-venv).",
    );
    run(
      path.join(partial, "bin", "python"),
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", path.join(root, "requirements-checkov.txt")],
      "pip install -r requirements-checkov.txt",
      "pip needs to reach PyPI (or the index in your pip configuration).",
    );
    if (installedVersion(partial) !== pinned) throw new CheckovError(`pip did not install checkov ${pinned} into ${partial}`);
    // Another version in the way is moved aside first: a rename onto a non-empty folder fails.
    if (fs.existsSync(venv) && !ready()) {
      const old = `${partial}-old`;
      try {
        fs.renameSync(venv, old);
        fs.rmSync(old, { recursive: true, force: true });
      } catch {
        // Another run moved it first.
      }
    }
    try {
      fs.renameSync(partial, venv);
    } catch (e) {
      if (!["EEXIST", "ENOTEMPTY"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    }
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  const installed = ready();
  if (!installed) throw new CheckovError(`${VENV} does not hold checkov ${pinned} after the install: remove ${VENV} and run again`);
  return installed;
}
