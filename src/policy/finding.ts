/** One failed check on one resource, as checkov reports it: `CKV_AWS_130` or one of ours, `MLOPS_NET_1`. */
export interface Finding {
  readonly id: string;
  readonly address: string;
  readonly message: string;
}
