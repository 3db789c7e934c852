/**
 * The connections of the external sources to the staging VPC: the transit gateway attachment (on /28 subnets of its
 * own, with a route table that holds only the local route and an ACL that admits only the external sources' flows),
 * the virtual private gateway (created, or the given one attached), and one Site-to-Site VPN per customer gateway.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { VpnConnectionPlan } from "../../lib/plan/external";
import type { ExternalLinkArgs, VpnConnectionOutputs } from "./index";

/** What the routes and outputs read of the connections. */
export interface Connections {
  readonly transitGatewayAttachments: Record<string, aws.ec2transitgateway.VpcAttachment>;
  readonly attachmentSubnetIds: pulumi.Output<string>[];
  readonly vpnGatewayId?: pulumi.Output<string>;
  /** What a route through the virtual private gateway waits for: the gateway attached to the staging VPC. */
  readonly vpnGatewayReady?: pulumi.Resource;
  readonly vpnConnections: Record<string, VpnConnectionOutputs>;
}

const nameTag = (name: string, part: string) => ({ Name: `${name}-${part}` });

/** Declare the attachment, the gateway and the VPNs. */
export function createConnections(parent: pulumi.Resource, name: string, args: ExternalLinkArgs): Connections {
  const onDr: pulumi.CustomResourceOptions = { parent, provider: args.drProvider };
  const { attachments, subnetIds } = createTransitGatewayAttachments(name, args, onDr);
  const gateway = createVpnGateway(name, args, onDr);
  const vpnConnections: Record<string, VpnConnectionOutputs> = {};
  for (const vpn of args.plan.vpnConnections) {
    if (gateway === undefined) throw new Error("a planned VPN without a virtual private gateway");
    vpnConnections[vpn.customerGatewayIp] = createVpn(name, vpn, gateway.id, args.staging.cidrBlock, { ...onDr, dependsOn: [gateway.ready] });
  }
  return { transitGatewayAttachments: attachments, attachmentSubnetIds: subnetIds, vpnGatewayId: gateway?.id, vpnGatewayReady: gateway?.ready, vpnConnections };
}

/** The attachment subnets, their route table and ACL, and one attachment per transit gateway. */
function createTransitGatewayAttachments(name: string, args: ExternalLinkArgs, onDr: pulumi.CustomResourceOptions) {
  const plan = args.plan;
  if (plan.transitGateways.length === 0) return { attachments: {}, subnetIds: [] };
  const table = new aws.ec2.RouteTable(`${name}-tgw-rt`, { vpcId: args.staging.vpcId, tags: nameTag(name, "tgw-rt") }, onDr);
  const subnets = plan.attachmentSubnets.map((s) => {
    const subnet = new aws.ec2.Subnet(
      `${name}-tgw-subnet-${s.availabilityZone}`,
      { vpcId: args.staging.vpcId, cidrBlock: s.cidrBlock, availabilityZone: s.availabilityZone, mapPublicIpOnLaunch: false, tags: nameTag(name, `tgw-subnet-${s.availabilityZone}`) },
      onDr,
    );
    new aws.ec2.RouteTableAssociation(`${name}-tgw-rta-${s.availabilityZone}`, { subnetId: subnet.id, routeTableId: table.id }, onDr);
    return subnet;
  });
  const subnetIds = subnets.map((s) => s.id);
  const acl = plan.attachmentNetworkAcl;
  if (acl === undefined) throw new Error("a planned transit gateway attachment without its ACL");
  new aws.ec2.NetworkAcl(`${name}-tgw-nacl`, { vpcId: args.staging.vpcId, subnetIds, ingress: acl.ingress, egress: acl.egress, tags: nameTag(name, "tgw-nacl") }, onDr);
  const attachments = Object.fromEntries(
    plan.transitGateways.map((id) => [
      id,
      new aws.ec2transitgateway.VpcAttachment(
        `${name}-${id}-attachment`,
        { transitGatewayId: id, vpcId: args.staging.vpcId, subnetIds, dnsSupport: "enable", tags: nameTag(name, `${id}-attachment`) },
        onDr,
      ),
    ]),
  );
  return { attachments, subnetIds };
}

/** The staging VPC's virtual private gateway: created in the VPC, or the given one attached to it. */
function createVpnGateway(name: string, args: ExternalLinkArgs, onDr: pulumi.CustomResourceOptions): { id: pulumi.Output<string>; ready: pulumi.Resource } | undefined {
  const gateway = args.plan.vpnGateway;
  if (gateway === undefined) return undefined;
  if (gateway.kind === "create") {
    const created = new aws.ec2.VpnGateway(`${name}-vgw`, { vpcId: args.staging.vpcId, tags: nameTag(name, "vgw") }, onDr);
    return { id: created.id, ready: created };
  }
  const attachment = new aws.ec2.VpnGatewayAttachment(`${name}-vgw-attachment`, { vpcId: args.staging.vpcId, vpnGatewayId: gateway.vpnGatewayId }, onDr);
  return { id: attachment.vpnGatewayId, ready: attachment };
}

/**
 * One Site-to-Site VPN: the customer gateway, the connection (its IPsec selectors narrowed to the staging block on
 * AWS's side) and, with static routing, a route per block behind it. The tunnels' pre-shared keys and the device
 * configuration that carries them are kept secret in the state and never become outputs.
 */
function createVpn(name: string, vpn: VpnConnectionPlan, vpnGatewayId: pulumi.Output<string>, stagingCidrBlock: string, opts: pulumi.CustomResourceOptions): VpnConnectionOutputs {
  // BgpAsn takes up to 2,147,483,647; a larger (4-byte) ASN goes in BgpAsnExtended (EC2 CreateCustomerGateway).
  const asn = vpn.bgpAsn <= 2_147_483_647 ? { bgpAsn: String(vpn.bgpAsn) } : { bgpAsnExtended: String(vpn.bgpAsn) };
  const customerGateway = new aws.ec2.CustomerGateway(`${name}-cgw-${vpn.key}`, { ...asn, ipAddress: vpn.customerGatewayIp, type: "ipsec.1", tags: nameTag(name, `cgw-${vpn.key}`) }, opts);
  const connection = new aws.ec2.VpnConnection(
    `${name}-vpn-${vpn.key}`,
    {
      customerGatewayId: customerGateway.id,
      vpnGatewayId,
      type: "ipsec.1",
      staticRoutesOnly: vpn.staticRoutes,
      remoteIpv4NetworkCidr: stagingCidrBlock,
      tags: nameTag(name, `vpn-${vpn.key}`),
    },
    { ...opts, additionalSecretOutputs: ["tunnel1PresharedKey", "tunnel2PresharedKey", "customerGatewayConfiguration"] },
  );
  if (vpn.staticRoutes) {
    for (const cidrBlock of vpn.cidrBlocks) {
      new aws.ec2.VpnConnectionRoute(`${name}-vpn-${vpn.key}-route-${cidrBlock.replace(/[./]/g, "-")}`, { vpnConnectionId: connection.id, destinationCidrBlock: cidrBlock }, opts);
    }
  }
  return {
    vpnConnectionId: connection.id,
    customerGatewayId: customerGateway.id,
    tunnelOutsideAddresses: pulumi.all([connection.tunnel1Address, connection.tunnel2Address]),
  };
}
