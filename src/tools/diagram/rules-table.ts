/**
 * The security group rules as a table drawn under the picture: one block of rows per group, each
 * rule with its direction, traffic, peer (named: another group, the internet, the VPC, S3) and why.
 * Each row's cells carry the rule's address as their id, so tests and browsers can find them.
 */
import { isAnywhere, Peer, RuleToPeer, trafficOf } from "../../synthesized/security-group-rules";
import { parseReference } from "../../synthesized/stack-json";
import { bold, escapeHtml, groupColor, lines, small, wrap } from "./html";
import { ArchitectureModel } from "./model";

const DESCRIPTION_WIDTH = 80;

/** A rule's peer in words: "mlops-alb-sg", "internet (0.0.0.0/0)", "the VPC (10.0.0.0/16)", ... */
export function peerText(peer: Peer, rule: RuleToPeer, model: ArchitectureModel): string {
  switch (peer.kind) {
    case "group": {
      const name = model.securityGroups.find((g) => g.address === peer.group)?.name ?? peer.group;
      return peer.group === rule.group ? `${name} (itself)` : name;
    }
    case "cidr": {
      if (isAnywhere(peer.cidr)) return `internet (${peer.cidr})`;
      if (peer.cidr === model.vpc.cidr) return `the VPC (${peer.cidr})`;
      const subnet = model.tiers.flatMap((t) => t.subnets).find((s) => s.cidr === peer.cidr);
      return subnet ? `subnet ${subnet.label} (${peer.cidr})` : peer.cidr;
    }
    case "prefix-list": {
      const endpoint = model.gatewayEndpoints.find((e) => e.address === parseReference(peer.prefixList)?.address);
      return endpoint ? `${endpoint.service} via its gateway endpoint (prefix list)` : `prefix list ${peer.prefixList}`;
    }
  }
}

const cell = (html: string, attributes = "") => `<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"${attributes}>${html}</TD>`;
const HEADER = ["security group", "rule", "traffic", "peer", "why"].map((h) => cell(bold(escapeHtml(h)), ' BGCOLOR="#eeeeee"')).join("");

function ruleRow(rule: RuleToPeer, id: string, model: ArchitectureModel): string[] {
  const peerGroup =
    rule.peer.kind === "group" ? model.securityGroups.findIndex((g) => g.address === (rule.peer as { group: string }).group) : -1;
  const tooltip = ` TOOLTIP="${escapeHtml(rule.description ?? rule.address)}"`;
  return [
    cell(escapeHtml(rule.direction === "ingress" ? "in from" : "out to"), ` ID="${escapeHtml(id)}.rule"${tooltip}`),
    cell(escapeHtml(trafficOf(rule)), ` ID="${escapeHtml(id)}.traffic"${tooltip}`),
    cell(
      escapeHtml(peerText(rule.peer, rule, model)),
      ` ID="${escapeHtml(id)}.peer"${tooltip}${peerGroup >= 0 ? ` BGCOLOR="${groupColor(peerGroup)}"` : ""}`,
    ),
    cell(small(lines(wrap(rule.description ?? "", DESCRIPTION_WIDTH)), "#333333"), ` ID="${escapeHtml(id)}.why"${tooltip}`),
  ];
}

/** Ids unique per row: the rule's address, then `#2`, `#3` for the further peers of one resource. */
export function rowIds(rules: readonly RuleToPeer[]): string[] {
  const seen = new Map<string, number>();
  return rules.map((r) => {
    const address = r.block ? `${r.address}.${r.block}` : r.address;
    const n = (seen.get(address) ?? 0) + 1;
    seen.set(address, n);
    return n === 1 ? address : `${address}#${n}`;
  });
}

export function rulesTable(model: ArchitectureModel): string {
  const ids = rowIds(model.rules);
  const rows = [
    `<TR>${cell(bold("Security group rules") + small(escapeHtml("  (every rule in the stacks; a group denies what no rule allows)")), ' COLSPAN="5"')}</TR>`,
    `<TR>${HEADER}</TR>`,
  ];
  model.securityGroups.forEach((group, g) => {
    const rules = model.rules.map((rule, i) => ({ rule, id: ids[i] })).filter(({ rule }) => rule.group === group.address);
    const usedBy = [
      group.isDefault ? "the VPC's default group" : "",
      group.usedBy.length ? `on: ${group.usedBy.join(", ")}` : "not attached in these stacks",
    ]
      .filter(Boolean)
      .join(", ");
    const head = cell(
      bold(escapeHtml(group.name)) + "<BR/>" + small(escapeHtml(usedBy)),
      ` ROWSPAN="${Math.max(rules.length, 1)}" BGCOLOR="${groupColor(g)}"`,
    );
    const bodies = rules.length
      ? rules.map(({ rule, id }) => ruleRow(rule, id, model).join(""))
      : [cell(small(escapeHtml("no rules: denies all traffic")), ' COLSPAN="4"')];
    bodies.forEach((body, i) => rows.push(`<TR>${i === 0 ? head : ""}${body}</TR>`));
  });
  return `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="#bbbbbb">${rows.join("")}</TABLE>`;
}
