/** Writing a command's report files. */
import { writeFileSync } from "node:fs";

/**
 * Write each `[file, text]` whose file is given, in order. On the first that fails, say which and why through `err`
 * (`could not write <what><file>: <reason>`) and return false; the commands then exit 3.
 */
export function writeFiles(writes: readonly (readonly [string | undefined, string])[], err: (text: string) => void, what = ""): boolean {
  for (const [file, text] of writes) {
    if (file === undefined) continue;
    try {
      writeFileSync(file, text);
    } catch (e) {
      err(`could not write ${what}${file}: ${(e as Error).message}\n`);
      return false;
    }
  }
  return true;
}
