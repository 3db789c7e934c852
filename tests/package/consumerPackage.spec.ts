/**
 * `npm run test:package` (run by .ci/run, apart from `npm test` because it installs from the npm registry): packs this
 * repository as npm would publish it, installs the tarball into an empty project that has only @pulumi/pulumi, and
 * checks what the mock runtime cannot: `require("drs-secured-network/consumer")` loads in plain node (through the
 * `exports` map, from the JavaScript `prepare` builds, since node, ts-node and Pulumi's runtime compile no TypeScript
 * under node_modules), and a consumer stack that uses it type-checks with the types from lib/outputNames.ts.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const rootPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the consumer package, packed and installed", function () {
  this.timeout(300_000);
  let dir: string;
  let app: string;
  let files: string[];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "drs-package-"));
    // npm pack runs `prepare`, which builds dist/ from consumer/ and lib/outputNames.ts.
    const packed = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0].files.map((f) => f.path).sort();
    app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, dependencies: { "@pulumi/pulumi": rootPackage.dependencies["@pulumi/pulumi"] } }, null, 2));
    execFileSync(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app, stdio: "pipe" });
    execFileSync(npm, ["install", join(dir, packed[0].filename), "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: app, stdio: "pipe" });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("holds the built consumer and the one definition of the outputs, and no other TypeScript source", () => {
    // npm always packs package.json's `main` (index.ts, the program's entry for `pulumi up`); `exports` keeps it
    // out of reach of a consumer's require.
    assert.deepEqual(files, [
      "index.ts",
      "dist/consumer/index.d.ts",
      "dist/consumer/index.js",
      "dist/lib/outputNames.d.ts",
      "dist/lib/outputNames.js",
      "package.json",
    ].concat(files.filter((f) => /^(README|LICENSE)/i.test(f))).sort());
  });

  it("loads in plain node with require, as a Pulumi program would load it", () => {
    const out = execFileSync(
      process.execPath,
      ["-e", 'const c = require("drs-secured-network/consumer"); console.log(typeof c.DrsNetworkReference, require.resolve("drs-secured-network/consumer"))'],
      { cwd: app, encoding: "utf8" },
    );
    assert.match(out, /^function .*node_modules[\\/]drs-secured-network[\\/]dist[\\/]consumer[\\/]index\.js\n$/);
  });

  // Pulumi's own TypeScript template (pulumi/templates typescript/tsconfig.json) resolves modules as "node" (node10),
  // which reads no `exports`: there package.json's `typesVersions` maps `drs-secured-network/consumer` to the same
  // declarations. node16 (and bundler) read `exports`. Both are checked.
  const resolutions = [
    { name: "node16 (exports)", options: { module: "node16", moduleResolution: "node16" } },
    { name: "node, as Pulumi's TypeScript template (typesVersions)", options: { module: "commonjs", moduleResolution: "node" } },
  ];
  for (const resolution of resolutions) {
    it(`type-checks a consumer stack under moduleResolution ${resolution.name}, and a misspelt output does not compile`, () => {
      writeFileSync(
        join(app, "index.ts"),
        [
          'import * as pulumi from "@pulumi/pulumi";',
          'import { DrsNetworkReference, NetworkOutputValues } from "drs-secured-network/consumer";',
          'const network = new DrsNetworkReference("network", { stack: "acme/drs-secured-network/prod" });',
          "export const subnets: pulumi.Output<string[]> = network.outputs.stagingSubnetIds;",
          "export const command: pulumi.Output<string> = network.output(\"linuxInstallCommand\");",
          'export const region: NetworkOutputValues["drRegion"] = "eu-west-2";',
          "// @ts-expect-error: there is no such output",
          "export const wrong = network.outputs.stagingSubnetId;",
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify({ compilerOptions: { strict: true, target: "ES2020", ...resolution.options, noEmit: true, skipLibCheck: true, types: [] }, files: ["index.ts"] }),
      );
      // The repository's TypeScript, on the app's own node_modules only.
      execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: app, encoding: "utf8" });
    });
  }

  it("requires nothing but @pulumi/pulumi and its own files", () => {
    const sources = readdirSync(join(app, "node_modules", "drs-secured-network", "dist", "consumer")).filter((f) => f.endsWith(".js"));
    for (const file of sources) {
      const text = readFileSync(join(app, "node_modules", "drs-secured-network", "dist", "consumer", file), "utf8");
      const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      assert.deepEqual(required.filter((r) => !r.startsWith(".") && r !== "@pulumi/pulumi"), [], file);
    }
  });
});
