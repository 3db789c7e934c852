import { main } from "./live/cli";
import { fakeAws } from "./tests/support/fakeAws";
import { deployedOnce } from "./tests/support/liveFixture";
import { writeFileSync } from "node:fs";
(async () => {
  const e = await deployedOnce("dev");
  writeFileSync("/tmp/do.json", JSON.stringify(e.outputs));
  const aws = fakeAws(e.capture);
  let out = "";
  const code = await main(["--stack", process.argv[2], "--outputs", "/tmp/do.json"], (t) => (out += t), (t) => (out += t), ".", { stackOutputs: async () => ({}), clients: (r, a) => aws.clientsFor(r, a), now: () => new Date() });
  console.log(code, out.split("\n").filter((l) => /^(Read|- FAIL|  - blocked|- GONE|- CHANGED|- ADDED|[0-9]+ of)/.test(l)).join("\n"));
})();
