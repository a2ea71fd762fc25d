/**
 * The AWS accounts whose ECR registries serve the EKS add-on images (VPC CNI, CoreDNS, kube-proxy,
 * the Pod Identity agent, the Load Balancer Controller's chart): nodes pull them with their own
 * role, through the ECR endpoints, from an account that is not ours. An ECR endpoint policy that
 * admits only this account's repositories stops a new node at its first DaemonSet.
 */

/** Where the table comes from; re-check it when EKS opens a region. */
export const ADDON_IMAGE_REGISTRIES_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html";

/** The account most regions use. */
export const DEFAULT_ADDON_IMAGE_ACCOUNT = "602401143452";

/** Regions whose add-on registry is in another account (the EKS user guide's table, recorded 2026-12-01). */
const REGIONAL_ADDON_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = {
  "af-south-1": "877085696533",
  "ap-east-1": "800184023465",
  "ap-east-2": "533267051163",
  "ap-south-2": "900889452093",
  "ap-southeast-3": "296578399912",
  "ap-southeast-4": "491585149902",
  "ap-southeast-6": "333609536671",
  "ap-southeast-7": "121268973566",
  "ca-west-1": "761377655185",
  "cn-north-1": "918309763551",
  "cn-northwest-1": "961992271922",
  "eu-central-2": "900612956339",
  "eu-south-1": "590381155156",
  "eu-south-2": "455263428931",
  "il-central-1": "066635153087",
  "me-central-1": "759879836304",
  "me-south-1": "558608220178",
  "mx-central-1": "730335286997",
  "us-gov-east-1": "151742754352",
  "us-gov-west-1": "013241004608",
};

/**
 * The account of `region`'s add-on image registry: the table's entry, else 602401143452 (every
 * region the table lists with it: us-*, eu-west-*, ap-northeast-*, ap-southeast-1/2, …).
 */
export function addonImageAccount(region: string): string {
  return REGIONAL_ADDON_IMAGE_ACCOUNTS[region] ?? DEFAULT_ADDON_IMAGE_ACCOUNT;
}
