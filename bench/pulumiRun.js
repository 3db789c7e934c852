/**
 * What `pulumi preview` does before the program runs, in plain JavaScript so that it runs with no ts-node of its own:
 * Pulumi's Node.js runtime (`@pulumi/pulumi/cmd/run/run.js`, `run`) reads the project's tsconfig.json with its own
 * helpers (`@pulumi/pulumi/tsutils`) and registers ts-node with it, type-checking unless PULUMI_NODEJS_TRANSPILE_ONLY
 * is set or the tsconfig sets `noCheck` (then transpile-only), with its own compilerOptions defaults (target ES2020,
 * module and moduleResolution nodenext, source maps) under the tsconfig's; then it requires the program. ts-node also
 * reads the tsconfig's own "ts-node" section (here `swc: true`).
 *
 * `node bench/pulumiRun.js <root> program` loads the program that way; `... bare` loads only @pulumi/pulumi and
 * @pulumi/aws; each prints the milliseconds it took.
 */
"use strict";
const { join } = require("node:path");

/** Load a module as the project at `root` resolves it. */
function fromProject(root, id) {
  return require(require.resolve(id, { paths: [root] }));
}

/** The options run.js hands ts-node's `register` for a CommonJS project (its non-ESM branch). */
function pulumiTypeScriptOptions(root, env = process.env) {
  const tsutils = fromProject(root, "@pulumi/pulumi/tsutils");
  const project = join(root, "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(project);
  const fromEnv = env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = fromEnv ? fromEnv === "true" : compilerOptions.noCheck;
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  return {
    tsnodeRequire,
    options: {
      compiler: typescriptRequire,
      transpileOnly,
      project,
      skipProject: false,
      compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
    },
  };
}

/** Load the program as run.js does, or only the two SDKs; the milliseconds it took. */
function load(root, what) {
  const start = performance.now();
  if (what === "program") {
    const { tsnodeRequire, options } = pulumiTypeScriptOptions(root);
    fromProject(root, tsnodeRequire).register(options);
    require(join(root, "index.ts"));
  } else {
    fromProject(root, "@pulumi/pulumi");
    fromProject(root, "@pulumi/aws");
  }
  return performance.now() - start;
}

module.exports = { pulumiTypeScriptOptions, load };

if (require.main === module) {
  const [root, what] = process.argv.slice(2);
  process.stdout.write(String(Math.round(load(root, what))));
}
