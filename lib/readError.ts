/**
 * What a failed file read means to the user, in place of Node's raw `ENOENT: no such file or directory, open 'x'`.
 * Pure: it reads the error's `code` (Node.js `fs` error codes, https://nodejs.org/api/errors.html#common-system-errors).
 */

/** One sentence saying why `path` (`what`: "the environments file", "the stack file"...) could not be read. */
export function readErrorMessage(path: string, err: unknown, what = "the file"): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return `${what} ${path} does not exist`;
    case "EACCES":
    case "EPERM":
      return `${what} ${path} cannot be read: permission denied`;
    case "EISDIR":
      return `${what} ${path} is a folder, not a file`;
    default:
      return `${what} ${path} cannot be read: ${err instanceof Error ? err.message : String(err)}`;
  }
}
