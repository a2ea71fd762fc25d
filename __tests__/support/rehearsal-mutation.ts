import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { copyProject } from "../../src/rehearsal/workspace";

/**
 * The rehearsal fails, naming the stage, for each kind of mistake it exists to catch. Each case
 * rehearses a copy of the project with one source edit, against a moto_server of its own (two to
 * seven minutes each): `npm run test:rehearsal`, run by CI after the rehearsals themselves. The
 * cases are split over several files so that Jest runs them side by side.
 */
const ROOT = path.resolve(__dirname, "..", "..");

export interface Mutation {
  /** File to edit, relative to the project. */
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** The stage that must be the first to fail. */
  readonly stage: RegExp;
  /** What its failure must say. */
  readonly says: RegExp;
  /** What it must not say: the mistake is this one, not a check that fails whatever the code. */
  readonly saysNot?: RegExp;
  /** Arguments of `npm run rehearse` besides --fail-fast. */
  readonly args?: readonly string[];
}

function rehearse(cwd: string, args: readonly string[] = []): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/tool.js", "rehearse", "--fail-fast", ...args], { cwd, env: process.env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

export function rehearsalCatches(mutations: Record<string, Mutation>) {
  describe.each(Object.entries(mutations))("the rehearsal catches %s", (_, m) => {
    test(`the first stage to fail is ${m.stage.source}, saying so`, async () => {
      const copy = copyProject(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-mutation-")));
      try {
        const file = path.join(copy, m.file);
        const source = fs.readFileSync(file, "utf8");
        expect(source).toContain(m.from); // the edit still applies to the code as it is
        fs.writeFileSync(file, source.replace(m.from, m.to));
        const { code, output } = await rehearse(copy, m.args);
        const failed = output.split("\n").filter((l) => l.startsWith("  ✗ "));
        expect({ code, firstFailed: failed[0]?.slice(4).replace(/\s+[\d.]+ s$/, "") }).toEqual({
          code: 1,
          firstFailed: expect.stringMatching(m.stage),
        });
        expect(output).toMatch(m.says);
        if (m.saysNot) expect(output).not.toMatch(m.saysNot);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    }, 900_000);
  });
}
