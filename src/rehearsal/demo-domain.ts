import { CreateHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { ClientSettings } from "./inventory";

/**
 * The demo's own name in the emulator: a public hosted zone for the name's parent domain (what the
 * team owns), and the settings that put the demo on that name (docs/demo.md).
 */
export async function demoDomainSettings(domain: string, clients: ClientSettings): Promise<Record<string, string>> {
  const zoneName = domain.slice(domain.indexOf(".") + 1);
  const zone = await new Route53Client(clients).send(
    new CreateHostedZoneCommand({ Name: zoneName, CallerReference: `rehearsal-${domain}` }),
  );
  const zoneId = zone.HostedZone?.Id?.replace(/^\/hostedzone\//, "");
  if (!zoneId) throw new Error(`the emulator made no hosted zone for ${zoneName}`);
  return { MLOPS_DEMO_DOMAIN_NAME: domain, MLOPS_DEMO_HOSTED_ZONE_ID: zoneId };
}
