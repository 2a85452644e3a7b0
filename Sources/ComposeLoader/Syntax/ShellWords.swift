/// Splits a `command` / `entrypoint` string the way Compose does (go-shellwords v1.0.12 with
/// environment and backtick parsing off).
///
/// Whitespace separates words; `'…'` is literal; `"…"` groups; a backslash escapes any
/// character outside single quotes; `""` yields an empty word. Parsing stops silently at an
/// unquoted `;`, `&`, `|`, `<` or `>` (a word like `2` right before `>` is dropped too). An
/// unquoted `(` not preceded by `$`, or an unterminated quote or escape, is an error.
public enum ShellWords {
    /// The words of `s`, or `SyntaxError("invalid command line string")`.
    public static func split(_ s: String) throws -> [String] {
        var args: [String] = []
        var buf = String.UnicodeScalarView()
        var escaped = false, doubleQuoted = false, singleQuoted = false, backQuote = false, dollarQuote = false
        var got = Got.none

        loop: for r in s.unicodeScalars {
            if escaped {
                buf.append(r)
                escaped = false
                got = .single
                continue
            }
            if r == "\\" {
                if singleQuoted {
                    buf.append(r)
                } else {
                    escaped = true
                }
                continue
            }
            if r == " " || r == "\t" || r == "\r" || r == "\n" {
                if singleQuoted || doubleQuoted || backQuote || dollarQuote {
                    buf.append(r)
                } else if got != .none {
                    args.append(String(buf))
                    buf = String.UnicodeScalarView()
                    got = .none
                }
                continue
            }
            switch r {
            case "`":
                if !singleQuoted && !doubleQuoted && !dollarQuote {
                    backQuote.toggle()
                    continue
                }
            case ")":
                if !singleQuoted && !doubleQuoted && !backQuote {
                    dollarQuote.toggle()
                    continue
                }
            case "(":
                if !singleQuoted && !doubleQuoted && !backQuote {
                    if !dollarQuote && buf.last == "$" {
                        dollarQuote = true
                        buf.append("(")
                        continue
                    }
                    throw SyntaxError("invalid command line string")
                }
            case "\"":
                if !singleQuoted && !dollarQuote {
                    if doubleQuoted { got = .quoted }
                    doubleQuoted.toggle()
                    continue
                }
            case "'":
                if !doubleQuoted && !dollarQuote {
                    if singleQuoted { got = .quoted }
                    singleQuoted.toggle()
                    continue
                }
            case ";", "&", "|", "<", ">":
                if !(singleQuoted || doubleQuoted || backQuote || dollarQuote) {
                    // `2>file`: a word starting with a digit before `>` is a redirection.
                    if r == ">", let c = buf.first, c >= "0" && c <= "9" {
                        got = .none
                    }
                    break loop
                }
            default:
                break
            }
            got = .single
            buf.append(r)
        }
        if got != .none {
            args.append(String(buf))
        }
        if escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote {
            throw SyntaxError("invalid command line string")
        }
        return args
    }

    private enum Got { case none, single, quoted }
}
