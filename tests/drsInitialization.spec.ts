import * as assert from "node:assert/strict";
import { AccessDeniedException, DrsClient, InitializeServiceCommand, ValidationException } from "@aws-sdk/client-drs";
import { mockClient } from "aws-sdk-client-mock";
import { CredentialSources, drsClientConfig, drsInitializationProvider, initializeDrs } from "../components/drsInitialization";

const drs = mockClient(DrsClient);

describe("components/drsInitialization", () => {
  beforeEach(() => drs.reset());
  after(() => drs.restore());

  it("initializes DRS in the given region", async () => {
    drs.on(InitializeServiceCommand).resolves({});
    const result = await drsInitializationProvider.create({ region: "eu-west-2" });
    assert.deepEqual(result, { id: "drs-initialized-eu-west-2", outs: { region: "eu-west-2", alreadyInitialized: false } });
    const calls = drs.commandCalls(InitializeServiceCommand);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].args[0].input, {});
    assert.equal(await (calls[0].thisValue as DrsClient).config.region(), "eu-west-2");
  });

  describe("credentials: the side's own, as its provider has them", () => {
    /** Credential sources that record what they were asked for and hand back a labelled provider. */
    const recording = () => {
      const calls: unknown[] = [];
      const sources = {
        fromIni: (init: unknown) => {
          calls.push(["fromIni", init]);
          return Object.assign(async () => ({ accessKeyId: "ini", secretAccessKey: "x" }), { label: "ini" });
        },
        fromTemporaryCredentials: (init: unknown) => {
          calls.push(["fromTemporaryCredentials", init]);
          return Object.assign(async () => ({ accessKeyId: "sts", secretAccessKey: "x" }), { label: "sts" });
        },
      } as unknown as CredentialSources;
      return { calls, sources };
    };

    it("uses the SDK's default chain for a side with the ambient credentials", () => {
      const { calls, sources } = recording();
      assert.deepEqual(drsClientConfig("eu-west-2", {}, sources), { region: "eu-west-2" });
      assert.deepEqual(calls, []);
    });

    it("reads a profile from the shared config", () => {
      const { calls, sources } = recording();
      const config = drsClientConfig("eu-west-1", { profile: "workloads" }, sources);
      assert.deepEqual(calls, [["fromIni", { profile: "workloads" }]]);
      assert.equal((config.credentials as unknown as { label: string }).label, "ini");
    });

    it("assumes the role, with the profile's credentials when there is one, in the side's region", () => {
      const { calls, sources } = recording();
      const config = drsClientConfig("eu-west-2", { profile: "admin", assumeRoleArn: "arn:aws:iam::222222222222:role/deployer" }, sources);
      assert.equal(calls.length, 2);
      assert.deepEqual(calls[0], ["fromIni", { profile: "admin" }]);
      const [kind, init] = calls[1] as [string, { params: unknown; masterCredentials: { label: string }; clientConfig: unknown }];
      assert.equal(kind, "fromTemporaryCredentials");
      assert.deepEqual(init.params, { RoleArn: "arn:aws:iam::222222222222:role/deployer", RoleSessionName: "drs-secured-network" });
      assert.equal(init.masterCredentials.label, "ini");
      assert.deepEqual(init.clientConfig, { region: "eu-west-2" });
      assert.equal((config.credentials as unknown as { label: string }).label, "sts");
      const { calls: roleOnly, sources: roleSources } = recording();
      drsClientConfig("eu-west-2", { assumeRoleArn: "arn:aws:iam::222222222222:role/deployer" }, roleSources);
      assert.equal("masterCredentials" in (roleOnly[0] as [string, object])[1], false);
    });

    it("gives the client those credentials, and keeps only the profile and role in the outputs", async () => {
      drs.on(InitializeServiceCommand).resolves({});
      const result = await drsInitializationProvider.create({ region: "eu-west-2", assumeRoleArn: "arn:aws:iam::222222222222:role/deployer" });
      assert.deepEqual(result.outs, { region: "eu-west-2", assumeRoleArn: "arn:aws:iam::222222222222:role/deployer", alreadyInitialized: false });
      const client = drs.commandCalls(InitializeServiceCommand)[0].thisValue as DrsClient;
      assert.equal(typeof client.config.credentials, "function");
      assert.equal(await client.config.region(), "eu-west-2");
    });

    it("names the identity in an access-denied error", async () => {
      drs.on(InitializeServiceCommand).rejects(new AccessDeniedException({ message: "denied", $metadata: {} }));
      await assert.rejects(initializeDrs("eu-west-1", { profile: "workloads" }), /^Error: DRS InitializeService in eu-west-1 with profile workloads was denied \(denied\)/);
    });

    it("records new credentials without calling DRS, and replaces only on a new region", async () => {
      const olds = { region: "eu-west-2", alreadyInitialized: true };
      const news = { region: "eu-west-2", profile: "admin" };
      assert.deepEqual(await drsInitializationProvider.diff?.("id", olds, news), { changes: true, replaces: [], deleteBeforeReplace: false });
      assert.deepEqual(await drsInitializationProvider.update?.("id", olds, news), { outs: { region: "eu-west-2", profile: "admin", assumeRoleArn: undefined, alreadyInitialized: true } });
      assert.equal(drs.calls().length, 0);
    });
  });

  it("treats 'already initialized' as success", async () => {
    drs.on(InitializeServiceCommand).rejects(new ValidationException({ message: "Service is already initialized.", $metadata: {} }));
    assert.deepEqual(await initializeDrs("us-east-1"), { region: "us-east-1", alreadyInitialized: true });
  });

  it("explains an access-denied answer, naming the permission and the way out", async () => {
    drs.on(InitializeServiceCommand).rejects(new AccessDeniedException({ message: "User is not authorized to perform drs:InitializeService", $metadata: {} }));
    await assert.rejects(initializeDrs("eu-west-2"), (err: Error) => {
      assert.match(err.message, /^DRS InitializeService in eu-west-2 was denied \(User is not authorized to perform drs:InitializeService\)\./);
      assert.match(err.message, /needs drs:InitializeService/);
      assert.match(err.message, /set replication\.initializeService to false/);
      return true;
    });
  });

  it("fails on any other error, with the service's own words", async () => {
    drs.on(InitializeServiceCommand).rejects(new ValidationException({ message: "Failed to create SLR or instance profiles", $metadata: {} }));
    await assert.rejects(initializeDrs("eu-west-2"), /^Error: DRS InitializeService in eu-west-2 failed: ValidationException: Failed to create SLR or instance profiles$/);
  });

  it("replaces on a new region, and does nothing on delete", async () => {
    assert.deepEqual(await drsInitializationProvider.diff?.("id", { region: "eu-west-2", alreadyInitialized: false }, { region: "eu-west-3" }), {
      changes: true,
      replaces: ["region"],
      deleteBeforeReplace: false,
    });
    assert.deepEqual(await drsInitializationProvider.diff?.("id", { region: "eu-west-2", alreadyInitialized: true }, { region: "eu-west-2" }), {
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    await drsInitializationProvider.delete?.("drs-initialized-eu-west-2", { region: "eu-west-2" });
    assert.equal(drs.calls().length, 0);
  });
});
