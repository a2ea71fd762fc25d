// A throwaway project folder for the checkov install's tests: only the pin, requirements-checkov.txt.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Registers a fresh folder per test (removed after it); call the returned function for its path. */
export function pinnedCheckovProject(): () => string {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkov-install-"));
    fs.writeFileSync(path.join(dir, "requirements-checkov.txt"), "checkov==3.3.30\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
