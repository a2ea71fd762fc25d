/** A synthesized stack, as far as protection is concerned. */
type StackJson = { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>> };

/** Addresses (`type.name`) of the resources of a synthesized stack that carry `prevent_destroy`. */
export function protectedAddresses(json: string): Set<string> {
  const stack = JSON.parse(json) as StackJson;
  const addresses = new Set<string>();
  for (const [type, byName] of Object.entries(stack.resource ?? {}))
    for (const [name, resource] of Object.entries(byName)) if (resource.lifecycle?.prevent_destroy) addresses.add(`${type}.${name}`);
  return addresses;
}

/**
 * The stack with `prevent_destroy` off everywhere: planned only to show what a refused plan would
 * replace or destroy, never deployed.
 */
export function withoutProtection(json: string): string {
  const stack = JSON.parse(json) as StackJson;
  for (const byName of Object.values(stack.resource ?? {}))
    for (const resource of Object.values(byName)) if (resource.lifecycle?.prevent_destroy) resource.lifecycle.prevent_destroy = false;
  return JSON.stringify(stack, null, 2);
}

/** Terraform refused the plan because it would destroy a resource with `prevent_destroy`. */
export function isProtectionRefusal(error: unknown): boolean {
  return error instanceof Error && /Instance cannot be destroyed/.test(error.message) && /prevent_destroy/.test(error.message);
}

/**
 * The command that tears a protected network down on purpose, written here once for every message
 * that gives it (README.md, section "Protection and teardown").
 */
export const teardownCommand = (stack: string) => `MLOPS_PROTECT=false npx cdktn destroy ${stack}`;

/**
 * The line that follows a refused destroy. Terraform's refusal cannot carry it (prevent_destroy's
 * message is fixed, and no check or precondition is evaluated in a destroy plan), so the tools
 * that see the refusal print it, and the README gives it.
 */
export const teardownHint = (stack: string) =>
  `To tear ${stack} down on purpose: destroy the demo and the EKS cluster first, then run ${teardownCommand(stack)}`;
