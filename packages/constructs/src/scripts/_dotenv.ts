/**
 * One `.env` reader for every generated script, so `init-secrets.sh`, `deploy.sh` and
 * `deploy-stack.sh` agree with Docker Compose on what a variable holds. It follows compose-go's
 * dotenv parser: blank lines and `#` comments, an `export ` prefix, whitespace around the name and
 * around `=` (or YAML-style `:`), single quotes (literal, `\'` escapes), double quotes (`\n`, `\r`,
 * `\t`, `\\`, `\"`, `\$` escapes), quoted values spanning lines, ` #` comments after unquoted
 * values, `$$` for a literal `$`; the last assignment wins. Not emulated: `${VAR}` interpolation
 * inside values (the text is passed as written).
 *
 * The program is POSIX awk (Debian's mawk runs it) and is embedded in single quotes, so it never
 * contains one (`q` is the single quote).
 */
const DOTENV_AWK = String.raw`function unescape(c) {
  if (c == quote) return c
  if (quote == q) return "\\" c
  if (c == "n") return "\n"
  if (c == "r") return "\r"
  if (c == "t") return "\t"
  if (c == "\\" || c == "$") return c
  return "\\" c
}
function take(s,   i, c) {
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (esc) { esc = 0; val = val unescape(c); continue }
    if (c == "\\") { esc = 1; continue }
    if (c == quote) return 1
    if (c == "$" && quote == "\"" && substr(s, i + 1, 1) == "$") i++
    val = val c
  }
  return 0
}
function done() { if (key == n) { v = val; s = start; e = NR }; quote = "" }
BEGIN { n = ENVIRON["NAME"]; q = sprintf("%c", 39) }
quote != "" { if (take("\n" $0)) done(); next }
{
  line = $0
  sub(/^[ \t\r]+/, "", line)
  sub(/^export[ \t]+/, "", line)
  if (!match(line, /^[A-Za-z0-9_.-]+[ \t]*[=:]/)) next
  key = substr(line, 1, RLENGTH - 1)
  sub(/[ \t]+$/, "", key)
  rest = substr(line, RLENGTH + 1)
  sub(/^[ \t\r]+/, "", rest)
  start = NR; val = ""; esc = 0
  c = substr(rest, 1, 1)
  if (c == "\"" || c == q) { quote = c; if (take(substr(rest, 2))) done(); next }
  i = index(rest, " #")
  if (i) rest = substr(rest, 1, i - 1)
  sub(/[ \t\r]+$/, "", rest)
  gsub(/\$\$/, "$", rest)
  val = rest; done()
}
END {
  if (quote != "") { printf "error: .env line %d: the quote opened there is never closed\n", start > "/dev/stderr"; exit 1 }
  if (ENVIRON["MODE"] == "lines") { if (s) print s, e } else print v
}`;

if (DOTENV_AWK.includes("'")) throw new Error('internal: the .env reader must not contain a single quote');

/**
 * Shell lines defining `DOTENV_AWK` and `valueFn NAME` (prints NAME's value, nothing without `.env`);
 * with `linesFn`, also `linesFn NAME` (prints "first last", the lines of NAME's last assignment).
 */
export function dotenvReader(valueFn: string, linesFn?: string): string[] {
  return [
    '# Reads .env like Docker Compose: export prefixes, spaces around =, quotes, comments; last assignment wins.',
    '# shellcheck disable=SC2016 # an awk program: its $ are awk\'s, not the shell\'s',
    `DOTENV_AWK='${DOTENV_AWK}'`,
    `${valueFn}() {`,
    '  [ -f .env ] || return 0',
    '  NAME="$1" MODE=value awk "$DOTENV_AWK" .env',
    '}',
    ...(linesFn
      ? [`${linesFn}() {`, '  [ -f .env ] || return 0', '  NAME="$1" MODE=lines awk "$DOTENV_AWK" .env', '}']
      : []),
  ];
}
