import { ResourceChange, riskyChanges } from "../offline/plan-summary";
import { AdoptionFile } from "../stacks/adoption";

/** A resource change of `terraform show -json` with the parts an adoption reads. */
export type AdoptionChange = ResourceChange & {
  change: ResourceChange["change"] & { before?: Record<string, unknown> | null; importing?: { id?: string } };
};

export interface AdoptionReport {
  /** One line per resource: what the deploy will do to it. */
  readonly lines: string[];
  /** Why nothing may be adopted: a replace or destroy, each naming what to align. Empty: the deploy is safe. */
  readonly refusals: string[];
  readonly counts: { import: number; update: number; create: number };
}

/** The setting that decides an attribute whose change replaces the resource, by resource type and attribute. */
const ALIGN: Record<string, Record<string, (address: string) => string>> = {
  aws_vpc: { cidr_block: () => "set vpcCidr to the console VPC's CIDR" },
  aws_subnet: {
    cidr_block: (a) =>
      `set ${a.includes(".public_") ? "publicSubnetCidrs" : "privateSubnetCidrs"} to the console subnets' CIDRs, in zone order`,
    availability_zone: () => "set availabilityZones to the console subnets' zones",
    vpc_id: () => "the subnet is in another VPC than the adopted one",
  },
  aws_security_group: {
    name: () => "set namePrefix to the first word of the console's group names",
    description: () =>
      "AWS cannot change a group's description: the console's differs from the walkthrough's (src/network/security-groups.ts)",
  },
  aws_vpc_endpoint: {
    service_name: () => "the endpoint serves another service",
    vpc_endpoint_type: () => "the endpoint is of another type",
  },
};

/** What a "create" means where it is not a new resource. */
const CREATE_NOTES: Record<string, string> = {
  aws_default_security_group: ": takes over the VPC's default group and empties it, as on a fresh deploy",
};

/** An update whose only changes are the configuration's defaults filling what the import left unset. */
const NOTHING_IN_AWS = "the provider's defaults recorded in the state, nothing in AWS";

const ZERO = new Set(["false", '""', "[]", "{}", "null"]);

const short = (v: unknown) => {
  const text = JSON.stringify(v ?? null);
  return text.length <= 40 ? text : "…";
};

/** What an in-place change changes: attribute names, with the values when short; tags by the keys added. */
export function changedAttributes(change: AdoptionChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = (change.after_unknown ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== "tags" && k !== "id").sort();
  return (
    keys
      .filter((k) => unknown[k] !== true && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      // An argument the import leaves unset and the configuration's default fills (revoke_rules_on_delete): nothing changes in AWS.
      .filter((k) => !(before[k] == null && ZERO.has(JSON.stringify(after[k] ?? null))))
      .map((k) => {
        if (k === "tags_all") {
          const old = (before[k] ?? {}) as Record<string, string>;
          const added = Object.keys((after[k] ?? {}) as object).filter((t) => !(t in old));
          return `tags (${added.length ? `adds ${added.join(", ")}` : "changed"})`;
        }
        if (k === "policy") return "policy (the design's endpoint policy)";
        return `${k} ${short(before[k])} → ${short(after[k])}`;
      })
  );
}

/**
 * The adoption's deploy, resource by resource, from the plan terraform made with the import blocks
 * (the authority on what Terraform replaces, not a model of it): import, import and change in
 * place (what changes), create; a replace or destroy is a refusal naming the setting to align.
 */
export function adoptionReport(changes: readonly AdoptionChange[], adoption: AdoptionFile): AdoptionReport {
  const managed = changes.filter((rc) => rc.mode === "managed");
  const adopted = new Map(adoption.resources.map((r) => [r.address, r]));
  const { replaced, destroyed } = riskyChanges(managed);
  const refusals = [
    ...replaced.map(({ address, because }) => {
      const type = address.split(".")[0];
      const fixes = because.map((attribute) => ALIGN[type]?.[attribute]?.(address) ?? `${attribute} cannot change without replacing it`);
      return `${address}${adopted.has(address) ? ` (${adopted.get(address)!.id})` : ""} would be REPLACED (${because.join(", ") || "forced"}): ${[...new Set(fixes)].join("; ")}`;
    }),
    ...destroyed.map(
      (address) =>
        `${address} would be DESTROYED: the stack's state already holds resources; adopt is for a network Terraform does not manage yet`,
    ),
  ];
  const counts = { import: 0, update: 0, create: 0 };
  const lines: string[] = [];
  const line = (label: string, rest: string) => lines.push(`${label.padEnd(24)}${rest}`);
  for (const rc of [...managed].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    const actions = rc.change.actions.join("+");
    const importing = rc.change.importing ? ` (${rc.change.importing.id})` : "";
    if (rc.change.importing && actions === "no-op") {
      counts.import++;
      line("import", `${rc.address}${importing}`);
    } else if (rc.change.importing && actions === "update") {
      counts.import++;
      counts.update++;
      line("import, change in place", `${rc.address}${importing}: ${changedAttributes(rc.change).join("; ") || NOTHING_IN_AWS}`);
    } else if (actions === "update") {
      counts.update++;
      line("change in place", `${rc.address}: ${changedAttributes(rc.change).join("; ") || NOTHING_IN_AWS}`);
    } else if (actions === "create") {
      counts.create++;
      line("create", `${rc.address}${CREATE_NOTES[rc.type] ?? ""}`);
    }
  }
  // Adopted addresses the plan does not import: already in the state (adopt run again after the
  // deploy: fine when the state holds the console's resource), or something is wrong.
  for (const [address, { id }] of adopted) {
    const rc = managed.find((c) => c.address === address);
    if (rc?.change.importing || replaced.some((r) => r.address === address)) continue;
    const held = rc?.change.before?.id;
    if (rc && held !== undefined && (held === id || !/^[a-z]+-[0-9a-f]+$/.test(id))) {
      if (rc.change.actions.join() === "no-op") line("already managed", `${address} (${String(held)})`);
    } else if (rc && held !== undefined) {
      refusals.push(
        `${address}: the stack's state already holds ${String(held)}, not the console's ${id}: this stack already built its own network`,
      );
    } else refusals.push(`${address} (${id}) is adopted, but the plan does not import it`);
  }
  return { lines, refusals, counts };
}
