import * as assert from "node:assert/strict";
import { AccessDeniedException, DrsClient, InitializeServiceCommand, ValidationException } from "@aws-sdk/client-drs";
import { mockClient } from "aws-sdk-client-mock";
import { drsInitializationProvider, initializeDrs } from "../components/drsInitialization";

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
