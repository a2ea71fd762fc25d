import { EndpointServiceName } from "../src/aws/endpoint-service-names";
import { INTERFACE_ENDPOINT_SERVICES } from "../src/config/aws-published";
import { ConfigError, loadProjectConfig } from "../src/config/load";

/** The catalogue's constants, without `of`. */
const constants = Object.entries(EndpointServiceName).filter(([, value]) => typeof value === "string");

describe("the catalogue of endpoint services", () => {
  test("each constant is a service AWS lists with a PrivateLink endpoint, by the short name AWS gives it", () => {
    const unknown = constants.filter(([, name]) => !INTERFACE_ENDPOINT_SERVICES.data.includes(name as string));
    expect(unknown).toEqual([]);
    expect(EndpointServiceName.ECR_API).toBe("ecr.api");
  });

  test("it cannot be changed at run time", () => {
    expect(Object.isFrozen(EndpointServiceName)).toBe(true);
  });

  test("of names a service the constants do not list, as the same string the stacks write", () => {
    expect(EndpointServiceName.of("sqs")).toBe("sqs");
    expect(EndpointServiceName.of("sagemaker.featurestore-runtime")).toBe("sagemaker.featurestore-runtime");
  });

  test.each([
    ["com.amazonaws.ap-southeast-1.sqs", 'endpoint service "com.amazonaws.ap-southeast-1.sqs" is a full name; give the short one, sqs'],
    [
      "com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0",
      'endpoint service "com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0" is not the short name of an AWS service, such as xray or sagemaker.runtime',
    ],
    ["Sage Maker", 'endpoint service "Sage Maker" is not the short name of an AWS service, such as xray or sagemaker.runtime'],
    ["", 'endpoint service "" is not the short name of an AWS service, such as xray or sagemaker.runtime'],
  ])("of refuses %j, saying what to give", (name, message) => {
    expect(() => EndpointServiceName.of(name)).toThrow(message);
  });
});

describe("the configuration gives every service name as a short one", () => {
  const prod = (settings: Record<string, unknown>) => loadProjectConfig({ file: { environments: { prod: settings } } }).environments[0];

  test("extraInterfaceEndpoints and openEndpointPolicies take the full name of the environment's region too", () => {
    const env = prod({
      extraInterfaceEndpoints: ["com.amazonaws.ap-southeast-1.sqs", "xray"],
      openEndpointPolicies: ["com.amazonaws.ap-southeast-1.logs"],
    });
    expect([env.extraInterfaceEndpoints, env.openEndpointPolicies]).toEqual([["sqs", "xray"], ["logs"]]);
  });

  test("a full name of another region is refused once, naming the setting", () => {
    let problems: readonly string[] = [];
    try {
      prod({ openEndpointPolicies: ["com.amazonaws.us-east-1.logs"] });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems).toEqual([
      'config/environments.json environments.prod.openEndpointPolicies = "com.amazonaws.us-east-1.logs": is a service of us-east-1, but this environment is in ap-southeast-1; an interface endpoint serves its own region: use logs (or com.amazonaws.ap-southeast-1.logs)',
    ]);
  });
});
