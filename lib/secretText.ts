/**
 * Keeping secret config values out of messages. A message built from a secret key shows `[secret]` where the value
 * would be; these are the nets under that rule: whole values only, never a piece of another word (a source named `a`
 * leaves "overlaps" alone), and the addresses and account ids a value's details could give away. Pure.
 */

/** What a message shows in place of a secret value. */
export const SECRET_PLACEHOLDER = "[secret]";

/** The characters of a config value or a word (an apostrophe too): a match next to one is part of something longer. */
const VALUE_CHARACTER = "[\\p{L}\\p{N}_.:/=+@'-]";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `message` with each of `values` replaced by `[secret]` wherever it stands whole: quoted (`"a"`), or bare between
 * characters that cannot continue a value (spaces, brackets, commas, the ends). Longest first, so none shows in part.
 */
export function maskWholeValues(message: string, values: readonly string[]): string {
  return [...new Set(values)]
    .filter((v) => v !== "")
    .sort((a, b) => b.length - a.length)
    .reduce((text, value) => {
      const quoted = text.split(JSON.stringify(value)).join(SECRET_PLACEHOLDER);
      return quoted.replace(new RegExp(`(?<!${VALUE_CHARACTER})${escapeRegExp(value)}(?!${VALUE_CHARACTER})`, "gu"), SECRET_PLACEHOLDER);
    }, message);
}

/**
 * `message` with every IPv4 address or block and every 12-digit AWS account id replaced by `[secret]`: what a detail
 * derived from a secret value (a block's network address, the account of a role ARN) would show of it.
 */
export function maskDerivedAddresses(message: string): string {
  return message.replace(/(?<![\d.])\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?(?![\d.])/g, SECRET_PLACEHOLDER).replace(/(?<!\d)\d{12}(?!\d)/g, SECRET_PLACEHOLDER);
}
