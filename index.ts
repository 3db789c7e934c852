// What `pulumi up` runs: the whole program, reading this stack's config. Every stack output is in StackOutputs
// (program.ts). Automation API users call `drsSecuredNetwork` from program.ts directly.
import { drsSecuredNetwork } from "./program";

export = drsSecuredNetwork;
