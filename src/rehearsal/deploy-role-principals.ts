import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { ClientSettings } from "./inventory";
import { PolicyJson } from "../deploy-role/policy-json";

/** An access key of an IAM user made in the emulator. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The two principals of a rehearsal under IAM enforcement. */
export interface RehearsalPrincipals {
  /** The deploy role's stand-in: every cdktn and terraform command of the project's stacks signs with it. */
  readonly deployer: AccessKey;
  /** The rehearsal's own reads and the tools it runs beside the deploy (verify, preview, the EKS example). */
  readonly operator: AccessKey;
}

/**
 * moto authorizes only requests signed with a key it issued (an IAM user's, or one from its STS),
 * so both principals are IAM users made before enforcement starts: the operator may do anything,
 * the deployer only what `deployPolicy` allows.
 */
export async function createPrincipals(clients: ClientSettings, deployPolicy: PolicyJson): Promise<RehearsalPrincipals> {
  const iam = new IAMClient({ ...clients, region: "us-east-1" });
  const user = async (name: string, policy: PolicyJson): Promise<AccessKey> => {
    await iam.send(new CreateUserCommand({ UserName: name }));
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: name, PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  };
  return {
    deployer: await user("rehearsal-deployer", deployPolicy),
    operator: await user("rehearsal-operator", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
  };
}

/** From now on moto authenticates and authorizes every request (moto_api: reset-auth with 0 free requests). */
export async function enforceIam(endpoint: string): Promise<void> {
  await motoApi(endpoint, "reset-auth", "0");
}

/** moto's recorder appends each later request to MOTO_RECORDER_FILEPATH (set when moto started). */
export async function startRecording(endpoint: string): Promise<void> {
  await motoApi(endpoint, "recorder/start-recording");
}

async function motoApi(endpoint: string, call: string, body?: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/${call}`, { method: "POST", body, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`moto's /moto-api/${call} answered ${response.status}: ${await response.text()}`);
}
