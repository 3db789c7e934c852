// The drs-secured-network policy pack: `pulumi preview --policy-pack policy` from the repository root, after
// `npm ci` (the pack's modules resolve from the root node_modules). The policies are in policies.ts.
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("drs-secured-network", { policies: [...POLICIES] });
