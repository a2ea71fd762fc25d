// The temp folders and child processes of a tool, so that Ctrl-C (SIGINT) or SIGTERM stops the
// children and removes the folders before the tool exits: a stopped tool leaves nothing in the temp
// folder, as one that finished does. A tool's code in `finally` blocks does not run on a signal.
import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const folders = new Set<string>();
const children = new Set<ChildProcess>();
/** Children started as the leader of a process group of their own: a signal stops the whole group. */
const groups = new Set<ChildProcess>();

/** A new folder in the temp folder, removed on a signal if it still exists. */
export function makeTempFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

export function removeTempFolder(dir: string): void {
  // Retried: a process stopped a moment ago may still be closing a file in it (ENOTEMPTY, EBUSY).
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  folders.delete(dir);
}

/** A child process to stop on a signal before the folders it may write to are removed. */
export function trackChild<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  // Started after the signal, by work that had not yet seen it: stopped at once, or it would write
  // into the folders being removed.
  if (received) child.kill("SIGKILL");
  return child;
}

/**
 * A child started with `detached: true` (the leader of a new process group) whose own children must
 * stop with it: Jest's workers and the terraform processes its tests start. A signal goes to the whole
 * group, and the folders are removed only once every process of the group has exited.
 */
export function trackGroup<T extends ChildProcess>(child: T): T {
  groups.add(child);
  child.once("exit", () => groups.delete(child));
  if (received && child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
  return trackChild(child);
}

/** Sends `signal` to the process group `pid` leads; false when no process of the group is left. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The shell's exit codes for a process ended by these signals: 128 + the signal's number. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

let received: StopSignal | undefined;

/**
 * Whether the tool is stopping on a signal: its work then fails (its children were stopped), and
 * that failure is no news to the user, who asked for it.
 */
export const stopping = () => received !== undefined;

/** How long a child (terraform finishing a write) may take to stop before it is killed. */
const CHILD_GRACE_MS = 10_000;

/** Stops the children (and the process groups some of them lead): the signal, then SIGKILL after a grace period. */
async function stopChildren(signal: StopSignal): Promise<void> {
  const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  // A group outlives its leader: its pid stays the group's id until the last member exits.
  const leaders = [...groups].map((c) => c.pid).filter((pid): pid is number => pid !== undefined);
  const exited = running.map((c) => new Promise((resolve) => c.once("exit", resolve)));
  for (const child of running) child.kill(signal);
  for (const pid of leaders) signalGroup(pid, signal);
  const deadline = Date.now() + CHILD_GRACE_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), CHILD_GRACE_MS)));
  if ((await Promise.race([Promise.all(exited), late])) === "late") for (const child of running) child.kill("SIGKILL");
  clearTimeout(timer);
  while (leaders.some((pid) => signalGroup(pid, 0)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const pid of leaders) signalGroup(pid, "SIGKILL");
}

/** Removes the temp folders that still exist (a tool's own `finally` blocks do not run on a signal). */
export function removeTempFolders(): void {
  for (const dir of [...folders]) {
    try {
      removeTempFolder(dir);
    } catch (e) {
      // Said, not thrown: the other folders are still removed, and the user learns what is left.
      console.error(`cleanup: could not remove ${dir}: ${(e as Error).message}`);
    }
  }
}

/**
 * On SIGINT or SIGTERM: the children stopped, then `own` (the tool's own cleanup, e.g. an
 * emulator), then the temp folders removed; exit 130 or 143. The handlers run once: a second
 * Ctrl-C ends the tool at once.
 */
export function cleanUpOnSignals(own: () => Promise<void> = async () => {}): void {
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as StopSignal[]) {
    process.once(signal, () => {
      received = signal;
      void stopChildren(signal)
        .then(own)
        .catch((e: Error) => console.error(`cleanup: ${e.message}`))
        .then(removeTempFolders)
        .finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
    });
  }
}
