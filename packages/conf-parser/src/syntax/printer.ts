/**
 * `print(doc)`: the text of a CST. `print(parse(x)) === x` for every input.
 *
 * @module
 */
import type { ConfDocument } from './cst.js';

/** The document's text, byte for byte (edits included). */
export function print(doc: ConfDocument): string {
  return doc.toString();
}
