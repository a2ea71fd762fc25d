/**
 * Edit distance with adjacent transpositions (optimal string alignment): `VPC_CIRD` is one
 * edit from `VPC_CIDR`, as a typist sees it.
 */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The words of a name: `MLOPS_FLOW_LOG_KMS_KEY_ARN` and `flowLogKmsKeyArn` give flow, log, kms, key, arn. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "" && w !== "mlops");

/**
 * The names `given` was most likely meant to be: the closest by spelling (a few typos), else
 * those that share most of its words or their abbreviations (`MLOPS_KMS_KEY_ARN` → `MLOPS_FLOW_LOG_KMS_KEY_ARN`,
 * `MLOPS_CERTIFICATE_ARN` → `CERTIFICATE_ARN`). Empty when nothing is close.
 */
export function didYouMean(given: string, names: readonly string[]): string[] {
  const g = given.toLowerCase();
  const close = names
    .map((name) => ({ name, d: distance(g, name.toLowerCase()) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(g.length / 5)));
  if (close.length > 0) {
    const best = Math.min(...close.map((c) => c.d));
    return close.filter((c) => c.d === best).map((c) => c.name);
  }
  const mine = words(given);
  if (mine.length === 0) return [];
  // A word matches the same word or its abbreviation (`env` for `environment`).
  const matches = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a)));
  const shared = names.map((name) => ({ name, n: words(name).filter((w) => mine.some((m) => matches(m, w))).length }));
  const most = Math.max(...shared.map((s) => s.n));
  return most * 2 >= mine.length && most > 0 ? shared.filter((s) => s.n === most).map((s) => s.name) : [];
}

/** " Did you mean X?" (or "X or Y"), or nothing. */
export function suggestion(given: string, names: readonly string[]): string {
  const found = didYouMean(given, names);
  return found.length === 0 ? "" : ` Did you mean ${found.join(" or ")}?`;
}
