/** Deterministic AWS-shaped ids: the same seed gives the same id in every run. */
import { createHash } from "node:crypto";

/** Deterministic hex from a seed, so ids and DNS names are the same in every run. */
export function fakeHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** A fake AWS id: `<prefix>-<17 hex>`. */
export function fakeId(prefix: string, seed: string): string {
  return `${prefix}-${fakeHex(seed, 17)}`;
}

/** A fake UUID (an SSM association's or a KMS key's id). */
export function fakeUuid(seed: string): string {
  const hex = fakeHex(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
