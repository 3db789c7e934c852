import { main } from "./live/cli";
import { fakeAws } from "./tests/support/fakeAws";
import { deployedOnce } from "./tests/support/liveFixture";
import { writeFileSync } from "node:fs";
(async () => {
  const e = await deployedOnce("estate");
  writeFileSync("/tmp/eo.json", JSON.stringify(e.outputs));
  const aws = fakeAws(e.capture);
  let out = "";
  await main(["--stack", "estate", "--outputs", "/tmp/eo.json", "--reachability-analyzer"], (t) => (out += t), (t) => (out += t), ".", { stackOutputs: async () => ({}), clients: (r, a) => aws.clientsFor(r, a), now: () => new Date() });
  console.log(out.slice(out.indexOf("## AWS Reach")));
})();
