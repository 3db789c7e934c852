/** The options Pulumi's runtime hands ts-node's `register` for this project (see pulumiRun.js). */
export function pulumiTypeScriptOptions(
  root: string,
  env?: NodeJS.ProcessEnv,
): {
  tsnodeRequire: string;
  options: {
    compiler: string;
    transpileOnly: boolean | undefined;
    project: string;
    skipProject: boolean;
    compilerOptions: Record<string, unknown>;
  };
};
/** Load the program as Pulumi's runtime does (`program`), or only @pulumi/pulumi and @pulumi/aws (`bare`): milliseconds. */
export function load(root: string, what: "program" | "bare"): number;
