/**
 * An application stack that reads this project's outputs through a StackReference, e.g. to place its own
 * replication-ready servers, or to publish the install command where the server administrators will find it.
 * Replace the organization and stack in the reference with your own.
 */
import * as pulumi from "@pulumi/pulumi";

const network = new pulumi.StackReference("acme/drs-secured-network/dev");

/** The staging subnet to give DRS as its staging area. */
export const stagingAreaSubnetId = network.requireOutput("stagingSubnetIds").apply((ids: string[]) => ids[0]);
/** The DRS endpoint the agents use. */
export const drsEndpoint = network.requireOutput("drsEndpointDnsName");
/** What a Linux administrator pastes on a source server. */
export const linuxInstallCommand = network.requireOutput("linuxInstallCommand");
