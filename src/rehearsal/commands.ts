import { spawn } from "child_process";
import { trackChild } from "../cleanup";

/** What one command did. */
export interface CommandResult {
  /** The command as typed, with the variables the rehearsal added for it: for a failure's evidence. */
  readonly command: string;
  readonly code: number;
  /** stdout and stderr as one text, without terminal colours. */
  readonly output: string;
  readonly seconds: number;
}

/**
 * Runs the deploy tools (cdktn, terraform, npm) and keeps the time each one ran, so that the
 * rehearsal can say how much of its wall time is its own: the union of these intervals is the time
 * some tool was running.
 */
export class CommandRunner {
  private readonly intervals: [number, number][] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  run(command: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CommandResult> {
    const start = Date.now();
    return new Promise((resolve) => {
      const child = trackChild(spawn(command, args, { cwd, env: { ...this.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] }));
      const chunks: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => chunks.push(c));
      child.stderr.on("data", (c: Buffer) => chunks.push(c));
      const done = (code: number, extra = "") => {
        const end = Date.now();
        this.intervals.push([start, end]);
        const vars = Object.entries(extraEnv).map(([k, v]) => `${k}=${v} `);
        resolve({
          command: `${vars.join("")}${[command, ...args].join(" ")}`,
          code,
          output: stripAnsi(Buffer.concat(chunks).toString("utf8")) + extra,
          seconds: (end - start) / 1000,
        });
      };
      child.on("error", (e) => done(127, `\n${command}: ${e.message}`));
      child.on("close", (code, signal) => done(code ?? (signal ? 128 : 1)));
    });
  }

  /** Seconds during which at least one command ran, and the sum of their own times. */
  timeInCommands(): { union: number; sum: number } {
    const sorted = [...this.intervals].sort((a, b) => a[0] - b[0]);
    let union = 0;
    let sum = 0;
    let [from, to] = [-Infinity, -Infinity];
    for (const [start, end] of sorted) {
      sum += end - start;
      if (start > to) {
        if (to > from) union += to - from;
        [from, to] = [start, end];
      } else to = Math.max(to, end);
    }
    if (to > from) union += to - from;
    return { union: union / 1000, sum: sum / 1000 };
  }
}

// eslint-disable-next-line no-control-regex -- terminal escape sequences are control characters
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** The output with cdktf's stack-name column and terraform's box drawing taken off each line, and lines joined: terraform wraps long sentences. */
export function unwrapped(output: string): string {
  return output
    .split("\n")
    .map((l) =>
      l
        .replace(/^[\w-]+\s{2,}/, "")
        .replace(/^\s*[│╷╵]\s?/, "")
        .trim(),
    )
    .join(" ")
    .replace(/\s+/g, " ");
}

/**
 * Whether terraform's output refuses to destroy `address` for its `prevent_destroy`. cdktf adds the
 * construct path to the address: `Resource aws_vpc.vpc (network/vpc) has lifecycle.prevent_destroy set`.
 */
export function refusesToDestroy(output: string, address: string): boolean {
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`Resource ${escaped}( \\([^)]*\\))? has lifecycle\\.prevent_destroy set`).test(unwrapped(output));
}

/**
 * What a failing stage shows of a command: the command, its exit code, and the
 * lines that decided (its error blocks by default).
 */
export function evidence(result: CommandResult, lines: readonly string[] = errorLines(result.output)): string[] {
  return [`$ ${result.command} (exit ${result.code}):`, ...lines.map((l) => `  ${l}`)];
}

/** terraform's error blocks in a command's output (`Error: …` and the lines under it), for a report. */
export function errorLines(output: string, max = 12): string[] {
  const lines = output.split("\n").map((l) =>
    l
      .replace(/^[\w-]+\s{2,}/, "")
      .replace(/^\s*[│╷╵]\s?/, "")
      .trimEnd(),
  );
  const errors: string[] = [];
  lines.forEach((line, i) => {
    if (/^Error:/.test(line.trim()))
      errors.push(
        line.trim(),
        ...lines
          .slice(i + 1, i + 4)
          .map((l) => `  ${l.trim()}`)
          .filter((l) => l.trim()),
      );
  });
  const picked = errors.length > 0 ? errors : lines.filter((l) => l.trim()).slice(-6);
  return [...new Set(picked)].slice(0, max);
}
