import { teardownHint } from "../offline/protection";
import { CommandResult, evidence, refusesToDestroy } from "./commands";
import { fail, pass, StageVerdict } from "./stages";

/** What the refused protected destroy produced. */
export interface RefusalRun {
  readonly stack: string;
  /** The README's `cdktn destroy`: it must fail and change nothing. */
  readonly destroy: CommandResult;
  /**
   * `terraform plan -destroy` in the stack's synthesized folder, on the same state: the refusal is
   * read from it. The CLI runs terraform in a pseudo-terminal whose last lines it drops when the
   * machine is too busy to read them within 200 ms of terraform's exit (node-pty's
   * DESTROY_SOCKET_TIMEOUT_MS), and terraform prints its errors last: read from the CLI, the names
   * were there on one run and missing on the next. A pipe loses nothing.
   */
  readonly plan: CommandResult;
  /** The protected resources of the deployed state, as `type.name`. */
  readonly guarded: readonly string[];
  /** Whether the deployed configuration puts prevent_destroy on an address. */
  readonly preventsDestroy: (address: string) => boolean;
  /** How the network changed (its state, its resources in the emulator); empty when it did not. */
  readonly changed: readonly string[];
}

export function refusalVerdict(r: RefusalRun): StageVerdict {
  // terraform stops at the first refusals: it names the resources it reached (the subnets and
  // groups), not those it would destroy after them (the VPC). Those must carry prevent_destroy in
  // the configuration that was deployed.
  const named = r.guarded.filter((address) => refusesToDestroy(r.plan.output, address));
  const unguarded = r.guarded.filter((address) => !named.includes(address) && !r.preventsDestroy(address));
  const problems = [
    ...(r.destroy.code === 0 ? [`the destroy succeeded: protect did not stop it`, ...evidence(r.destroy, [])] : []),
    ...(named.length > 0 ? [] : ["the refusal names no resource's prevent_destroy", ...evidence(r.plan), ...evidence(r.destroy)]),
    ...unguarded.map(
      (address) => `${address} is not protected: not named in the refusal, and no prevent_destroy in the deployed configuration`,
    ),
    ...r.changed,
  ];
  if (problems.length) return fail(...problems);
  return pass(
    `${r.destroy.command} refused (exit ${r.destroy.code}); terraform plan -destroy names prevent_destroy on ${named.length} resources (${r.guarded.length - named.length} more carry it, past where terraform stopped); nothing changed`,
    teardownHint(r.stack),
  );
}
