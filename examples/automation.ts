/**
 * Deploy the network from your own tool with the Pulumi Automation API, running the very program `pulumi up` runs.
 * Needs the Pulumi CLI and AWS credentials (environment or profile) on the machine that runs it.
 *
 *   npx ts-node examples/automation.ts <stack> [preview|up|destroy]
 */
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { drsSecuredNetwork } from "../program";

export async function deployNetwork(stackName: string, action: "preview" | "up" | "destroy"): Promise<void> {
  const stack = await LocalWorkspace.createOrSelectStack({
    projectName: "drs-secured-network", // config keys are <projectName>:<key>
    stackName,
    program: () => drsSecuredNetwork(), // reads the config set below; defaults come from settings/defaults.ts
  });
  // An inline program has no Pulumi.yaml: set everything the stack needs, including the provider guard.
  await stack.setConfig("pulumi:disable-default-providers[0]", { value: "aws" }, true);
  await stack.setConfig("pulumi:disable-default-providers[1]", { value: "aws-native" }, true);
  await stack.setAllConfig({
    "drs-secured-network:sourceRegion": { value: "eu-west-1" },
    "drs-secured-network:drRegion": { value: "eu-west-2" },
    "drs-secured-network:availabilityZoneCount": { value: "2" },
    "drs-secured-network:tags": { value: JSON.stringify({ Environment: stackName, Owner: "dr-team" }) },
  });

  const onOutput = (line: string) => process.stdout.write(line);
  if (action === "preview") {
    await stack.preview({ onOutput });
  } else if (action === "destroy") {
    await stack.destroy({ onOutput });
  } else {
    const result = await stack.up({ onOutput });
    console.log(`\nInstall the agent on a Linux source server with:\n${result.outputs.linuxInstallCommand.value}`);
  }
}

if (require.main === module) {
  const [stackName = "dev", action = "preview"] = process.argv.slice(2);
  if (action !== "preview" && action !== "up" && action !== "destroy") {
    throw new Error(`unknown action ${action}: use preview, up or destroy`);
  }
  deployNetwork(stackName, action).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
