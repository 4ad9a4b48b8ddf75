/**
 * Splitting a `misc_path` command line into argv with simple shell-like quoting — no shell runs it.
 *
 * @module
 */
import { CheckerConfigError } from './common.js';

/**
 * Splits a command line into words: blanks separate words; `'…'` is literal; `"…"` is literal except
 * that `\"`, `\\`, `\$` and `` \` `` drop the backslash; outside quotes a backslash escapes the next
 * character. No expansion of any kind (variables, globs, `~`, redirections) is done: those characters
 * are passed through as-is. Throws {@link CheckerConfigError} on an unterminated quote or an empty line.
 */
export function splitCommandLine(line: string, option = 'miscPath'): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new CheckerConfigError(option, 'unterminated single quote');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new CheckerConfigError(option, 'unterminated double quote');
        const c = line[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new CheckerConfigError(option, 'trailing backslash');
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CheckerConfigError(option, 'empty command');
  return words;
}
