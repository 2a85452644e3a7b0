import BerthBasics

/// A service volume in Compose's long syntax, as produced by the short syntax.
public struct VolumeSpec: Sendable, Equatable {
    /// `bind` or `volume`.
    public var type: String
    /// Host path or volume name; nil for an anonymous volume.
    public var source: String?
    /// Container path (cleaned like Go's `path.Clean`).
    public var target: String
    /// `ro` sets it, `rw` clears it.
    public var readOnly: Bool
    /// `shared|rshared|slave|rslave|private|rprivate`.
    public var bindPropagation: String?
    /// `z` or `Z`.
    public var bindSELinux: String?
    /// True for every short-syntax bind mount (docker-compose v1 compatibility).
    public var bindCreateHostPath: Bool
    /// `nocopy`.
    public var volumeNoCopy: Bool

    /// Creates a volume entry.
    public init(
        type: String, source: String? = nil, target: String, readOnly: Bool = false,
        bindPropagation: String? = nil, bindSELinux: String? = nil, bindCreateHostPath: Bool = false,
        volumeNoCopy: Bool = false
    ) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.bindPropagation = bindPropagation
        self.bindSELinux = bindSELinux
        self.bindCreateHostPath = bindCreateHostPath
        self.volumeNoCopy = volumeNoCopy
    }
}

/// `volumes:` short syntax (compose-go `format.ParseVolume` + canonical target cleaning).
public enum VolumeSyntax {
    /// `SOURCE:TARGET[:OPTS]` or `TARGET`. A colon right after a single drive letter and any
    /// colon inside `${…}` do not split. Unknown options are ignored. Errors:
    /// `invalid empty volume spec`, `invalid spec: <s>: empty section between colons`,
    /// `invalid spec: <s>: too many colons`. Relative sources are NOT resolved here
    /// (see `resolveHostPath`).
    public static func parse(_ s: String) throws -> VolumeSpec {
        switch s.utf8.count {
        case 0:
            throw SyntaxError("invalid empty volume spec")
        case 1, 2:
            return VolumeSpec(type: "volume", target: POSIXPath.clean(s))
        default:
            break
        }
        let (source, target, options) = try sections(s)

        var spec = VolumeSpec(type: "volume", source: source, target: POSIXPath.clean(target ?? ""))
        if target == nil || target == "" { spec.target = "" }
        for option in options?.split(separator: ",", omittingEmptySubsequences: false) ?? [] {
            switch option {
            case "ro": spec.readOnly = true
            case "rw": spec.readOnly = false
            case "nocopy": spec.volumeNoCopy = true
            case "z", "Z": spec.bindSELinux = String(option)
            case "shared", "rshared", "slave", "rslave", "private", "rprivate":
                spec.bindPropagation = String(option)
            default: continue
            }
        }
        if let source, isBindSource(source) {
            spec.type = "bind"
            spec.bindCreateHostPath = true
        }
        return spec
    }

    /// Splits a short spec into source, target and options at the colons that separate them.
    static func sections(_ s: String) throws -> (source: String?, target: String?, options: String?) {
        var source: String? = nil
        var target: String? = nil
        var options: String? = nil
        // The separators (`:`, `${`, `}`) are ASCII, and an ASCII byte is never part of a
        // multi-byte UTF-8 sequence: scanning bytes splits where scanning characters would.
        let bytes = Array(s.utf8)
        var start = 0  // where the current section began
        var depth = 0

        func flush(_ end: Int, atEnd: Bool) throws {
            if start == end {
                throw SyntaxError("invalid spec: \(s): empty section between colons")
            }
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if source == nil && atEnd {
                target = text
            } else if source == nil {
                source = text
            } else if target == nil {
                target = text
            } else if !atEnd {
                throw SyntaxError("invalid spec: \(s): too many colons")
            } else {
                options = text
            }
        }

        /// A section of exactly one letter, as in `C:` (a Windows drive).
        func isDriveLetter(_ end: Int) -> Bool {
            guard end > start, end - start <= 4 else { return false }
            // One byte: an ASCII letter or not. More bytes starting with an ASCII one are more
            // than one character. Only a non-ASCII start needs the character test.
            if end - start == 1 { return isASCIILetter(bytes[start]) }
            guard bytes[start] >= 0x80 else { return false }
            let scalars = String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars
            guard scalars.count == 1, let first = scalars.first else { return false }
            return isLetter(first)
        }

        var i = 0
        while i <= bytes.count {
            let atEnd = i == bytes.count
            let c: UInt8 = atEnd ? 0 : bytes[i]
            defer { i += 1 }
            if !atEnd && c == UInt8(ascii: "$") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "{") {
                depth += 1
                continue
            }
            if !atEnd && c == UInt8(ascii: "}") && depth > 0 {
                depth -= 1
                continue
            }
            if !atEnd && c == UInt8(ascii: ":") && isDriveLetter(i) {
                continue  // Windows drive letter: the colon stays in the section
            } else if (atEnd || c == UInt8(ascii: ":")) && depth == 0 {
                try flush(i, atEnd: atEnd)
                start = i + 1
            } else if atEnd {
                // End of spec inside an unterminated `${`: the section is dropped, as in compose-go.
                break
            }
        }
        return (source, target, options)
    }

    /// True when a short-syntax source is a host path (starts with `.` `/` `~` `\\` or a drive
    /// letter followed by `:`).
    public static func isBindSource(_ s: String) -> Bool {
        // An ASCII start decides on bytes; only a non-ASCII one needs its character's category.
        var bytes = s.utf8.makeIterator()
        guard let byte = bytes.next() else { return false }
        if byte < 0x80 {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"): return true
            case UInt8(ascii: "\\"): return bytes.next() == UInt8(ascii: "\\")
            default: return isASCIILetter(byte) && bytes.next() == UInt8(ascii: ":")
            }
        }
        guard let first = s.unicodeScalars.first else { return false }
        switch first {
        case ".", "/", "~": return true
        default: break
        }
        if s.hasPrefix("\\\\") { return true }
        let rest = s.unicodeScalars.dropFirst()
        return isLetter(first) && rest.first == ":"
    }

    /// Resolve a bind source: `~`/`~x` → home + rest (joined and cleaned; `~user/x` becomes
    /// `<home>/user/x` as in compose-go), relative → joined onto `base` and cleaned, absolute
    /// POSIX or Windows paths kept as written.
    public static func resolveHostPath(_ s: String, base: String, home: String) -> String {
        var p = s
        if p.hasPrefix("~") {
            p = POSIXPath.join(home, String(p.dropFirst()))
        }
        if POSIXPath.isAbsolute(p) || isWindowsAbsolute(p) {
            return p
        }
        return POSIXPath.join(base, p)
    }

    /// `C:\…`, `C:/…` or a UNC path `\\server\share`.
    static func isWindowsAbsolute(_ p: String) -> Bool {
        if p.hasPrefix("\\\\") { return true }
        let u = Array(p.utf8.prefix(3))
        guard u.count == 3, u[1] == UInt8(ascii: ":") else { return false }
        let letter = (u[0] >= UInt8(ascii: "a") && u[0] <= UInt8(ascii: "z")) || (u[0] >= UInt8(ascii: "A") && u[0] <= UInt8(ascii: "Z"))
        return letter && (u[2] == UInt8(ascii: "\\") || u[2] == UInt8(ascii: "/"))
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
    }

    private static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}
