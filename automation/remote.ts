/**
 * Remote runs on Pulumi Deployments through the Automation API's remote workspace (`RemoteWorkspace` in
 * @pulumi/pulumi/automation): the program comes from this repository (its git URL, branch and project path), the
 * stack is `<organization>/<project>/<stack>`, and Deployments is the engine. This tool only builds the calls.
 *
 * - Config: the deployment clones the repository and reads `Pulumi.yaml`, whose declarations type-check every value
 *   (lib/pulumiProject.ts), so the environment's config goes in as a stack file, with its structured keys as YAML
 *   objects: an environment variable carries it (base64), and a pre-run command writes `Pulumi.<stack>.yaml` into the
 *   project directory before the operation (Pulumi Deployments: "Pre-run commands ... Generate configuration files";
 *   each line runs in its own shell).
 * - Credentials: the stack's Deployments settings (`inheritSettings`), e.g. AWS OIDC; none ever from this tool.
 */
import { execFileSync } from "node:child_process";
import type { RemoteGitProgramArgs, RemoteWorkspaceOptions } from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import { STRUCTURED_KEYS } from "../settings";
import { driverOf, StackDriver } from "./runner";
import type { EnvironmentPlan, RemoteSource } from "./plan";

/** Where a remote run takes the program from, complete. */
export interface RemoteRepository {
  readonly organization: string;
  readonly url: string;
  /** A git ref, `refs/heads/<branch>`. */
  readonly branch: string;
  /** The project's folder in the repository ("" for its root). */
  readonly projectPath: string;
}

/** What this checkout says of itself. */
export interface GitInfo {
  readonly originUrl?: string;
  readonly branch?: string;
  /** The current folder's path from the repository's root, as `git rev-parse --show-prefix` gives it. */
  readonly prefix?: string;
}

/** The environment variable that carries the stack file into the deployment. */
export const STACK_CONFIG_VARIABLE = "DRS_SECURED_NETWORK_STACK_CONFIG";

/** Read the checkout's origin URL, branch and folder with git; whatever git cannot tell stays undefined. */
export function gitInfo(cwd: string): GitInfo {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return undefined;
    }
  };
  const branch = git("rev-parse", "--abbrev-ref", "HEAD");
  return { originUrl: git("config", "--get", "remote.origin.url"), branch: branch === "HEAD" ? undefined : branch, prefix: git("rev-parse", "--show-prefix") };
}

/**
 * Why Pulumi Deployments could not clone from `url`, or `undefined`. It clones on its own machines, with the git auth
 * of the stack's Deployments settings: a token or a user and password over HTTPS, or an SSH key
 * (https://www.pulumi.com/docs/reference/cloud-rest-api/schema/sourcecontextgit/); a local path is on this machine only.
 */
export function cloneUrlProblem(url: string): string | undefined {
  if (/^https?:\/\/[^/\s]+\/\S+$/i.test(url) || /^ssh:\/\/[^/\s]+\/\S+$/i.test(url) || /^[\w.-]+@[\w.-]+:(?!\/\/)\S+$/.test(url)) return undefined;
  return (
    `${JSON.stringify(url)} is not a URL Pulumi Deployments can clone: it clones on its own machines, over https:// or SSH ` +
    "(ssh://host/org/repo.git or git@host:org/repo.git); give remote.url"
  );
}

/** The repository of a remote run: the file's `remote:` settings, else this checkout's; every gap is one problem. */
export function resolveRemote(source: RemoteSource | undefined, git: GitInfo): { repository?: RemoteRepository; problems: string[] } {
  const problems: string[] = [];
  const organization = source?.organization;
  const url = source?.url ?? git.originUrl;
  const branch = source?.branch ?? git.branch;
  const projectPath = (source?.projectPath ?? git.prefix ?? "").replace(/\/+$/, "");
  if (organization === undefined) problems.push("remote.organization: is required for --remote (stacks run as <organization>/<project>/<stack>)");
  const whose = source?.url !== undefined ? "" : "this checkout's origin ";
  if (url === undefined) problems.push("remote.url: is not set and this checkout has no origin remote; give the repository URL");
  else if (/^https?:\/\/[^/@]+@/i.test(url)) problems.push("remote.url: this checkout's origin URL holds credentials; give remote.url without them, and the access in the Deployments settings");
  else if (cloneUrlProblem(url) !== undefined) problems.push(`remote.url: ${whose}${cloneUrlProblem(url) as string}`);
  if (branch === undefined) problems.push("remote.branch: is not set and this checkout is not on a branch (detached HEAD); give the branch to deploy");
  if (problems.length > 0) return { problems };
  return {
    repository: { organization: organization as string, url: url as string, branch: (branch as string).startsWith("refs/") ? (branch as string) : `refs/heads/${branch as string}`, projectPath },
    problems,
  };
}

/** The environment's config as a stack file: what `pulumi config set` would have written, structured keys as YAML. */
export function stackFile(project: string, env: EnvironmentPlan): string {
  const structured = new Set(STRUCTURED_KEYS.map((k) => `${project}:${k}`));
  const config: Record<string, unknown> = { "pulumi:disable-default-providers": ["aws", "aws-native"] };
  for (const [key, value] of Object.entries(env.config)) config[key] = structured.has(key) ? JSON.parse(value) : value;
  return stringify({ config });
}

/** The remote workspace's arguments for an environment. */
export function remoteStackArgs(project: string, env: EnvironmentPlan, repository: RemoteRepository): { args: RemoteGitProgramArgs; opts: RemoteWorkspaceOptions } {
  return {
    args: {
      stackName: `${repository.organization}/${project}/${env.stack}`,
      url: repository.url,
      branch: repository.branch,
      ...(repository.projectPath !== "" ? { projectPath: repository.projectPath } : {}),
    },
    opts: {
      envVars: { [STACK_CONFIG_VARIABLE]: Buffer.from(stackFile(project, env)).toString("base64") },
      preRunCommands: [`printf '%s' "$${STACK_CONFIG_VARIABLE}" | base64 -d > 'Pulumi.${env.stack}.yaml'`],
      inheritSettings: true,
    },
  };
}

/** What a remote run needs of @pulumi/pulumi/automation's RemoteWorkspace: a fake in tests. */
export interface RemoteWorkspaceApi {
  createOrSelectStack(args: RemoteGitProgramArgs, opts?: RemoteWorkspaceOptions): Promise<Parameters<typeof driverOf>[0]>;
}

/** Open an environment's stack on Pulumi Deployments. */
export async function openRemoteStack(project: string, env: EnvironmentPlan, repository: RemoteRepository, workspace?: RemoteWorkspaceApi): Promise<StackDriver> {
  const api = workspace ?? (await import("@pulumi/pulumi/automation")).RemoteWorkspace;
  const { args, opts } = remoteStackArgs(project, env, repository);
  return driverOf(await api.createOrSelectStack(args, opts));
}
