import { Annotations, App, TerraformStack } from "cdktn";
import * as fs from "fs";
import * as path from "path";

/** The stack that carries a configuration error to the cdktf CLI. */
export const CONFIGURATION_ERROR_STACK = "configuration";

/**
 * Hands a configuration error to the cdktf CLI as the error annotation of a placeholder stack. The
 * CLI prints a failed app's output twice (live, then in its summary), but an error annotation
 * once, and stops before any terraform command, `--skip-synth` runs included (they read the
 * annotations again). The stacks of the last good synth are kept in the manifest, without their
 * annotations: the CLI removes every stack folder the manifest does not name, and those hold
 * terraform's providers and any state pulled there.
 */
export function reportToCli(outdir: string, message: string): void {
  const manifestFile = path.join(outdir, "manifest.json");
  const previous = readStacks(manifestFile);
  const app = new App({ stackTraces: false, outdir });
  Annotations.of(new TerraformStack(app, CONFIGURATION_ERROR_STACK)).addError(message);
  app.synth();
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  const kept = Object.fromEntries(
    Object.entries(previous)
      // A stack whose file is gone would fail the CLI's read before it prints the error.
      .filter(([name, stack]) => name !== CONFIGURATION_ERROR_STACK && fs.existsSync(path.join(outdir, stack.synthesizedStackPath ?? "")))
      .map(([name, stack]) => [name, { ...stack, annotations: [] }]),
  );
  manifest.stacks = { ...kept, ...manifest.stacks };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}

/** The configuration error a manifest carries, if its last synth failed on one. */
export function configurationErrorIn(outdir: string): string | undefined {
  const stack = readStacks(path.join(outdir, "manifest.json"))[CONFIGURATION_ERROR_STACK];
  return stack?.annotations?.find((a) => a.level === "@cdktf/error")?.message;
}

interface ManifestStack {
  readonly synthesizedStackPath?: string;
  readonly annotations?: readonly { readonly level: string; readonly message: string }[];
}

function readStacks(manifestFile: string): Record<string, ManifestStack> {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, "utf8")).stacks ?? {};
  } catch {
    return {}; // no earlier synth, or one cdktf did not finish writing
  }
}
