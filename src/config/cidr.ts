/** An IPv4 CIDR block as two unsigned 32-bit numbers: first and last address. */
export interface Ipv4Block {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
}

/** Parses "a.b.c.d/n"; returns a reason string instead when it is not a network address. */
export function parseCidr(text: string): Ipv4Block | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/.exec(text);
  if (!m) return "is not an IPv4 CIDR of the form a.b.c.d/n";
  // Terraform's cidrsubnet and AWS read 010 differently (octal, or refused): one spelling only.
  if (m.slice(1).some((part) => part.length > 1 && part.startsWith("0"))) {
    return `has a leading zero; write ${m.slice(1, 5).map(Number).join(".")}/${Number(m[5])}`;
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255)) return "has an octet above 255";
  if (prefix > 32) return "has a prefix length above 32";
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const first = address - (address % size);
  if (first !== address) {
    return `has host bits set; the network address is ${formatIpv4(first)}/${prefix}`;
  }
  return { first, last: first + size - 1, prefix };
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether CIDR text `outer` holds all of `inner`; false when either is not a CIDR (an unresolved reference). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return typeof o !== "string" && typeof i !== "string" && contains(o, i);
}
