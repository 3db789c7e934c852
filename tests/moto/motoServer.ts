/**
 * A moto server of the test's own (https://docs.getmoto.org/en/latest/docs/server_mode.html): `python3 -m moto.server`
 * on 127.0.0.1 and a free port, waited for until it answers, stopped after (also when a test fails). Where moto is not
 * installed the tier is skipped, with the reason printed.
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** Why moto cannot be used here, or undefined when `python3 -m moto.server` can run. */
export function motoUnavailable(): string | undefined {
  const probe = spawnSync("python3", ["-c", "import moto, moto.server; print(moto.__version__)"], { encoding: "utf8", timeout: 30_000 });
  if (probe.error !== undefined) return `python3 cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `python3 -m moto.server is not available (${(probe.stderr || probe.stdout).trim().split("\n").pop()}); install moto[server] to run this tier`;
  return undefined;
}

/** The installed moto's version. */
export function motoVersion(): string {
  return spawnSync("python3", ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" }).stdout.trim();
}

/** A port nothing listens on now, from the system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Stop it (SIGTERM, then SIGKILL after 5 s), and wait until it has exited. */
  stop(): Promise<void>;
}

/** Start moto and wait until it answers (moto's own API, `/moto-api/`), at most `timeoutMs`. */
export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log = `${log}${chunk.toString()}`.slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with status ${child.exitCode} before answering:\n${log}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto did not answer on ${endpoint} within ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
