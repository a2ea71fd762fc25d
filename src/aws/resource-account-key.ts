/**
 * Actions whose requests carry no aws:ResourceAccount although they name a resource (possibly of
 * another account), for the services the cluster calls: the IAM user guide's entry for the key
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount,
 * recorded 2026-12-06; AWS's authorization data does not carry it). A fence on the key cannot tell
 * whose resource they reach, so the endpoint policies deny each one the cluster does not need, and
 * the IAM simulator's proof gives their requests no resource account.
 */
export const ACTIONS_WITHOUT_RESOURCE_ACCOUNT: readonly { readonly action: string; readonly neededBy?: string }[] = [
  { action: "ec2:CopyFpgaImage" },
  { action: "ec2:CopyImage" },
  { action: "ec2:CopySnapshot" },
  { action: "ec2:CreateTransitGatewayPeeringAttachment" },
  // Admitted: another account's snapshot is out of reach unless that account shares it.
  { action: "ec2:CreateVolume", neededBy: "the EBS CSI driver, for every volume" },
  { action: "ec2:CreateVpcPeeringConnection" },
];
