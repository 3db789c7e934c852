/**
 * What `pulumi preview` does before the program runs: Pulumi's Node.js runtime (`@pulumi/pulumi/cmd/run/run.js`,
 * `run`) registers ts-node with the project's tsconfig.json, type-checking unless PULUMI_NODEJS_TRANSPILE_ONLY is
 * set or the tsconfig sets `noCheck` (then transpile-only), with its own compilerOptions defaults (target ES2020,
 * module and moduleResolution nodenext, source maps) under the tsconfig's, then requires the program. ts-node also
 * reads the tsconfig's own "ts-node" section (here `swc: true`). `pulumiTypeScriptOptions` rebuilds run.js's options
 * with Pulumi's own helpers (`@pulumi/pulumi/tsutils`); `LOAD_SCRIPT` does the whole load in a fresh plain-node
 * process, for the bench.
 */
import { join } from "node:path";

/** The options run.js hands ts-node's `register` for a CommonJS project (its non-ESM branch). */
export function pulumiTypeScriptOptions(root: string, env: NodeJS.ProcessEnv = process.env) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsutils = require("@pulumi/pulumi/tsutils") as {
    loadTypeScriptCompilerOptions(path: string): Record<string, unknown>;
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
  };
  const project = join(root, "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(project);
  const fromEnv = env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = fromEnv ? fromEnv === "true" : (compilerOptions.noCheck as boolean | undefined);
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

/**
 * A plain-JavaScript script for `node -e <script> <root> <program|bare>`: load the program as run.js does, or only
 * @pulumi/pulumi and @pulumi/aws; print the milliseconds it took.
 */
export const LOAD_SCRIPT = `
const { join } = require("node:path");
const [root, what] = process.argv.slice(1);
const from = (id) => require(require.resolve(id, { paths: [root] }));
const start = performance.now();
if (what === "program") {
  const tsutils = from("@pulumi/pulumi/tsutils");
  const project = join(root, "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(project);
  const fromEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = fromEnv ? fromEnv === "true" : compilerOptions.noCheck;
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  from(tsnodeRequire).register({ compiler: typescriptRequire, transpileOnly, project, skipProject: false,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions } });
  require(join(root, "index.ts"));
} else {
  from("@pulumi/pulumi");
  from("@pulumi/aws");
}
process.stdout.write(String(Math.round(performance.now() - start)));
`;
