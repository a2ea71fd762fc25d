/**
 * checkov, the judge of every stack: its built-in checks and this project's own (checkov-checks/,
 * Python, loaded with --external-checks-dir), in one process over a folder of synthesized stacks.
 * checkov's start-up (about 2 s of importing) costs as much as a dozen stacks (about 0.17 s of
 * CPU each), so every caller writes all its stacks into one folder and runs it once.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { makeTempFolder, removeTempFolder, trackChild } from "../cleanup";
import { Finding } from "../policy/finding";
import { CheckovError } from "./checkov-install";
import { StackJson } from "../synthesized/stack-json";

/** A stack checkov judges: written to `file` (relative to the run's folder) by `writeTargets`. */
export interface CheckovTarget {
  readonly label: string;
  /** The stack's name (SECURITY.md's stacks column matches it). */
  readonly name: string;
  readonly stack: StackJson;
  readonly file: string;
}

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name?: string;
  readonly resource: string;
  readonly file_path: string;
  readonly details?: readonly string[];
}

interface CheckovResult {
  readonly results?: { readonly failed_checks?: readonly CheckovCheck[]; readonly passed_checks?: readonly CheckovCheck[] };
}

/**
 * A private temporary folder for one run (`stacks/` for the stacks, `tmp/` for checkov's own temp
 * files), removed afterwards; on Ctrl-C or SIGTERM the tool's cleanup (src/cleanup.ts) ends the
 * run's children and removes it.
 */
export async function inRunFolder<T>(prefix: string, run: (folders: { stacks: string; tmp: string }) => Promise<T>): Promise<T> {
  const dir = makeTempFolder(prefix);
  try {
    const folders = { stacks: path.join(dir, "stacks"), tmp: path.join(dir, "tmp") };
    fs.mkdirSync(folders.tmp);
    return await run(folders);
  } finally {
    removeTempFolder(dir);
  }
}

/** Each target as `<n>/cdk.tf.json` in `folder` (checkov's terraform_json reads `*.tf.json`). */
export function writeTargets(folder: string, stacks: readonly Omit<CheckovTarget, "file">[]): CheckovTarget[] {
  return stacks.map((s, i) => {
    const file = path.join(String(i).padStart(3, "0"), "cdk.tf.json");
    fs.mkdirSync(path.join(folder, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), JSON.stringify(s.stack));
    return { ...s, file };
  });
}

/** A child process's exit code and output. */
function collect(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = trackChild(spawn(command, args, options));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** What checkov says when one of our checks did not load or threw: it logs it and goes on without it. */
const CHECK_BROKEN = /Cannot load external check|Failed to run check/;

/**
 * checkov over every `*.tf.json` under `folder` (`-d .` from there: our checks find the stack file
 * by the path checkov gives, relative to the folder it scans), with `tmp` as its temp folder (it
 * leaves a parser cache there). Resolves with its JSON report.
 */
export async function runCheckov(python: string, checksDir: string, folder: string, tmp: string): Promise<unknown> {
  const env = { ...process.env, TMPDIR: tmp, PYTHONDONTWRITEBYTECODE: "1" };
  const args = ["-m", "checkov.main", "-d", ".", "--framework", "terraform_json", "--external-checks-dir", checksDir];
  const r = await collect(python, [...args, "--output", "json", "--compact", "--skip-download"], { cwd: folder, env });
  // checkov exits 1 when a check fails; anything it cannot run is another code, or no JSON.
  if (r.code !== 0 && r.code !== 1) throw new Error(`checkov failed (exit ${r.code}):\n${r.stderr}`);
  const broken = r.stderr.split("\n").filter((l) => CHECK_BROKEN.test(l));
  if (broken.length > 0) throw new CheckovError(`a check of ${checksDir} is broken, so checkov would run without it:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The unit tests of our checks (checkov-checks/tests): each fails on a bad resource and passes on a good one. */
export async function runCheckUnitTests(python: string, checksDir: string, tmp: string): Promise<{ ok: boolean; output: string }> {
  const env = { ...process.env, TMPDIR: tmp, PYTHONDONTWRITEBYTECODE: "1" };
  const r = await collect(python, ["-m", "unittest", "discover", "-s", path.join(checksDir, "tests")], { cwd: checksDir, env });
  return { ok: r.code === 0, output: r.stderr + r.stdout };
}

/**
 * checkov names a resource of a cdktf JSON file `resource.<name>`: the type is the one of the
 * stack that has that name (names are unique in these stacks).
 */
function address(resource: string, stack: StackJson): string {
  const m = /^resource\.(.+)$/.exec(resource);
  if (!m) return resource;
  const types = Object.entries(stack.resource ?? {})
    .filter(([, byName]) => m[1] in byName)
    .map(([type]) => type);
  return types.length === 1 ? `${types[0]}.${m[1]}` : resource;
}

/** checkov's failed checks per target label; a target checkov ran no check on is an error, not a pass. */
export function checkovFindings(report: unknown, targets: readonly CheckovTarget[]): Map<string, Finding[]> {
  const results = (Array.isArray(report) ? report : [report]) as CheckovResult[];
  const found = new Map<string, Finding[]>(targets.map((t) => [t.label, []]));
  const byFile = new Map(targets.map((t) => [path.normalize(t.file), t]));
  const checked = new Set<string>();
  const targetOf = (c: CheckovCheck) => {
    const t = byFile.get(path.normalize(c.file_path.replace(/^\//, "")));
    if (!t) throw new Error(`checkov reported ${c.check_id} on a file it was not given: ${c.file_path}`);
    checked.add(t.label);
    return t;
  };
  for (const r of results) {
    for (const p of r.results?.passed_checks ?? []) targetOf(p);
    for (const f of r.results?.failed_checks ?? []) {
      const t = targetOf(f);
      const message = f.details?.length ? f.details.join("; ") : (f.check_name ?? "");
      found.get(t.label)!.push({ id: f.check_id, address: address(f.resource, t.stack), message });
    }
  }
  const unread = targets.filter((t) => !checked.has(t.label)).map((t) => t.label);
  if (unread.length > 0)
    throw new Error(`checkov ran no check on ${unread.join(", ")}: it did not read ${unread.length === 1 ? "that file" : "those files"}`);
  for (const list of found.values()) list.sort((a, b) => a.address.localeCompare(b.address) || a.id.localeCompare(b.id));
  return found;
}
