/**
 * Which TCP ports, besides the allowed ones, get from one place to another? The rules allow a
 * union of port ranges, so checking every range bound and the neighbours of the excluded ports
 * finds a reachable port whenever one exists.
 */
import { NetworkModel, VpcPlace } from "./network-model";
import { reach } from "./reach";
import { Place } from "./types";

const LAST_PORT = 65535;

/** Reachable TCP ports from `from` to `to` other than `except` (a sample: the bound of each open range). */
export function openPortsExcept(model: NetworkModel, from: Place, to: VpcPlace, except: readonly number[]): number[] {
  const groups = [from === "internet" ? undefined : model.places[from].group, model.places[to].group];
  const bounds = model.rules.filter((r) => groups.includes(r.group)).flatMap((r) => (r.ports ? [r.ports.from, r.ports.to] : []));
  const candidates = [1, LAST_PORT, ...bounds, ...except.flatMap((p) => [p - 1, p + 1])];
  return [...new Set(candidates)]
    .filter((p) => p >= 1 && p <= LAST_PORT && !except.includes(p))
    .sort((a, b) => a - b)
    .filter((port) => reach(model, from, { place: to, port }).reachable);
}
