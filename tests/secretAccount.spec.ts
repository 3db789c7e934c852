/**
 * Issue 20, item 15: the account id inside a secret `assumeRoleArn` is part of that secret. The program runs on Pulumi
 * config with the provider keys marked secret (as `pulumi config set --secret` leaves them), and nothing it writes in
 * plain text holds either account: no logical name or URN, no input outside Pulumi's secret wrapper, no output that
 * is not secret, no warning, no error. The same config with plain keys shows the accounts, so the checks can fail.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { drsSecuredNetwork } from "../program";
import { ConfigError } from "../settings";
import { emptyAccount, FakeAccount } from "../synth/awsMocks";
import { runMocked, SynthResource } from "../synth/run";

const DR_ACCOUNT = "210987654321";
const SOURCE_ACCOUNT = "123450987654";
const ACCOUNTS = new RegExp(`${DR_ACCOUNT}|${SOURCE_ACCOUNT}`);

/** The estate's shape in two accounts: the DR side and two sources, each assuming a role of its account. */
function estate(extra: Record<string, unknown> = {}): Record<string, string> {
  const role = (account: string) => ({ assumeRoleArn: `arn:aws:iam::${account}:role/drs-network-deployer` });
  const config: Record<string, unknown> = {
    drRegion: "eu-west-2",
    drProvider: role(DR_ACCOUNT),
    replication: { enabled: true },
    agentRollout: { enabled: true },
    sources: [
      { name: "app", region: "eu-west-1", vpcCidr: "10.1.0.0/16", provider: role(SOURCE_ACCOUNT) },
      { name: "db", region: "eu-central-1", vpcCidr: "10.2.0.0/16", provider: role(SOURCE_ACCOUNT) },
    ],
    ...extra,
  };
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [`drs-secured-network:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

const SECRET_KEYS = ["drs-secured-network:drProvider", "drs-secured-network:sources"];

/** Pulumi's secret wrapper as an input reaches the engine (sdk/nodejs/runtime/rpc.ts specialSecretSig). */
const isSecretValue = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270";

/** Every string of a value that is not inside a secret wrapper. */
function plainStrings(value: unknown): string[] {
  if (isSecretValue(value)) return [];
  if (typeof value === "string") return [value];
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(plainStrings);
  return [];
}

interface Run {
  readonly resources: SynthResource[];
  /** Each stack output: whether Pulumi keeps it secret, and its value. */
  readonly outputs: Record<string, { secret: boolean; value: unknown }>;
  readonly warnings: string[];
  readonly error?: unknown;
}

/** Run the program on `config` with `secretKeys` secret, recording warnings and each output's secretness. */
async function run(config: Record<string, string>, secretKeys: string[], account: FakeAccount = emptyAccount()): Promise<Run> {
  const warnings: string[] = [];
  const warn = pulumi.log.warn;
  (pulumi.log as { warn: typeof warn }).warn = async (message: string) => void warnings.push(message);
  const outputs: Run["outputs"] = {};
  try {
    const { resources } = await runMocked(async () => {
      pulumi.runtime.setAllConfig(config, secretKeys);
      try {
        const stack = await drsSecuredNetwork();
        for (const [name, value] of Object.entries(stack)) {
          const out = pulumi.output(value);
          outputs[name] = { secret: await pulumi.isSecret(out), value: await new Promise((resolve) => out.apply(resolve)) };
        }
        return {};
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    }, account);
    return { resources, outputs, warnings };
  } catch (error) {
    return { resources: [], outputs, warnings, error };
  } finally {
    (pulumi.log as { warn: typeof warn }).warn = warn;
  }
}

/** Where a run shows an account in plain text. */
function leaks(r: Run): string[] {
  return [
    ...r.resources.flatMap((res) => [res.name, res.urn].filter((n) => ACCOUNTS.test(n)).map((n) => `name ${n}`)),
    ...r.resources.flatMap((res) => plainStrings(res.inputs).filter((s) => ACCOUNTS.test(s)).map((s) => `${res.name} input ${s.slice(0, 80)}`)),
    ...Object.entries(r.outputs).flatMap(([name, o]) => (!o.secret && ACCOUNTS.test(JSON.stringify(o.value)) ? [`output ${name}`] : [])),
    ...r.warnings.filter((w) => ACCOUNTS.test(w)).map((w) => `warning ${w.slice(0, 80)}`),
    ...(r.error instanceof Error && ACCOUNTS.test(r.error.message) ? [`error ${r.error.message.slice(0, 120)}`] : []),
  ];
}

describe("secret accounts (issue 20, item 15)", () => {
  it("with plain provider keys the accounts are in plain inputs, outputs and warnings (what the checks below look for)", async function () {
    this.timeout(60000);
    const plain = await run(estate(), []);
    assert.equal(plain.error, undefined, String(plain.error));
    const found = leaks(plain);
    assert.ok(found.some((l) => l.startsWith("link-app-peering input")), found.join("\n"));
    assert.ok(found.some((l) => l.startsWith("output linuxInstallCommand")));
    assert.ok(found.some((l) => l.startsWith("warning agentRollout")));
  });

  it("with secret provider keys no name, plain input, plain output, warning or policy holds either account", async function () {
    this.timeout(60000);
    const secret = await run(estate(), SECRET_KEYS);
    assert.equal(secret.error, undefined, String(secret.error));
    assert.deepEqual(leaks(secret), []);
    // What is kept secret still reaches AWS: the peering's owner, the DRS roles' trust, the install commands.
    const peering = secret.resources.find((r) => r.name === "link-app-peering");
    assert.ok(isSecretValue(peering?.inputs.peerOwnerId));
    assert.ok(secret.resources.filter((r) => r.type === "aws:iam/role:Role" && String(r.inputs.name ?? "").startsWith("AWSElasticDisasterRecovery")).every((r) => isSecretValue(r.inputs.assumeRolePolicy)));
    assert.equal(secret.outputs.linuxInstallCommand.secret, true);
    assert.match(String(secret.outputs.linuxInstallCommand.value), new RegExp(`--account-id ${DR_ACCOUNT}`));
    assert.equal(secret.outputs.linuxInstallerUrl.secret, false, "what holds no account stays a plain output");
    assert.ok(secret.warnings.some((w) => w.startsWith("agentRollout: the servers of source app (account [secret]) install with --account-id [secret], which assumes")), secret.warnings.join("\n"));
  });

  it("refuses, before anything is made, a config that would put a secret account in a logical name, saying how to avoid it", async function () {
    this.timeout(60000);
    // Failback initializes DRS in the source account, whose service roles are then declared by account id.
    const failback = await run(estate({ replication: { enabled: true, failback: true } }), SECRET_KEYS);
    assert.ok(failback.error instanceof ConfigError, String(failback.error));
    assert.deepEqual(leaks(failback), []);
    const problem = failback.error.problems.find((p) => p.key === "sources[0].provider");
    assert.ok(problem !== undefined, failback.error.message);
    assert.match(problem.message, /^its account id is part of a secret value, but the program would name resources by it \(replication-\[secret\]-agent-role, .*\), and Pulumi cannot keep a resource's name secret \(it is the URN\): create DRS's service roles in that account first/);
    // Created flow-log keys: a region's second account gets its own key, named by its account.
    const keys = await run(
      estate({
        flowLogs: { kms: "create" },
        sources: [{ name: "app", region: "eu-west-2", vpcCidr: "10.1.0.0/16", provider: { assumeRoleArn: `arn:aws:iam::${SOURCE_ACCOUNT}:role/x` } }],
      }),
      SECRET_KEYS,
    );
    assert.ok(keys.error instanceof ConfigError, String(keys.error));
    assert.deepEqual(leaks(keys), []);
    assert.match(keys.error.message, /flow-logs-key-eu-west-2-\[secret\]\), and Pulumi cannot keep a resource's name secret \(it is the URN\): give the flow-log keys yourself/);
  });

  it("does not request a quota increase named by a secret account, and says to raise it by hand", async function () {
    this.timeout(60000);
    const account = { ...emptyAccount(), quotas: { "L-F678F1CE": 1 } };
    const requested = await run(estate({ quotaIncreases: "request" }), SECRET_KEYS, account);
    assert.ok(requested.error instanceof ConfigError, String(requested.error));
    assert.deepEqual(leaks(requested), []);
    assert.match(requested.error.message, /quota-L-F678F1CE-eu-west-1-\[secret\].*raise the quotas yourself/);
    // With plain keys the same shortfall is requested.
    const plain = await run(estate({ quotaIncreases: "request" }), [], account);
    assert.equal(plain.error, undefined, String(plain.error));
    assert.ok(plain.resources.some((r) => r.name === `quota-L-F678F1CE-eu-west-1-${SOURCE_ACCOUNT}`));
  });
});
