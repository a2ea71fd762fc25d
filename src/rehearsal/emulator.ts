import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

/** An AWS API emulator the rehearsal deploys against. */
export interface Emulator {
  /** The endpoint every AWS client is pointed at (`AWS_ENDPOINT_URL`). */
  readonly url: string;
  /** How the rehearsal got it, for the report. */
  readonly origin: string;
  stop(): Promise<void>;
}

/** A failure whose message is all the user needs (no stack trace). */
export class RehearsalError extends Error {}

/** What the rehearsal signs its requests with: the emulator accepts any key. */
export const EMULATOR_CREDENTIALS = { accessKeyId: "rehearsal", secretAccessKey: "rehearsal" };

/** How moto is installed, for the message when it is not. */
export const MOTO_INSTALL = 'pip install "moto[server]"';

/**
 * The emulator named by `AWS_ENDPOINT_URL`, or a `moto_server` started on a free loopback port
 * and stopped by `stop()`. Its log goes to `logFile`.
 */
export async function startEmulator(env: NodeJS.ProcessEnv, logFile: string): Promise<Emulator> {
  const given = env.AWS_ENDPOINT_URL;
  if (given) {
    if (!(await answers(given)))
      throw new RehearsalError(
        `AWS_ENDPOINT_URL=${given} does not answer: start the emulator, or unset it to let the rehearsal start moto_server.`,
      );
    return { url: given, origin: "AWS_ENDPOINT_URL", stop: async () => {} };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", log, log], env });
  fs.closeSync(log);
  const exited = new Promise<string>((resolve) => {
    child.on("error", (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === "ENOENT" ? `moto_server is not installed: ${MOTO_INSTALL} (or point AWS_ENDPOINT_URL at a running emulator)` : e.message,
      ),
    );
    child.on("exit", (code, signal) => resolve(`moto_server stopped (${signal ?? `exit ${code}`}) before it answered:\n${tail(logFile)}`));
  });
  let settled = false;
  const ready = waitUntil(
    () => answers(url),
    30_000,
    () => settled,
  );
  const first = await Promise.race([
    ready.then((ok) => (ok ? undefined : `moto_server did not answer on ${url} within 30 s:\n${tail(logFile)}`)),
    exited,
  ]);
  settled = true;
  if (first !== undefined) {
    await stopProcess(child);
    throw new RehearsalError(first);
  }
  return { url, origin: "moto_server started by the rehearsal", stop: () => stopProcess(child) };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** Polls `probe` until it answers true, `timeoutMs` pass, or `cancelled()` (then false). */
async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, cancelled: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A loopback port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}
