/// Writes a model value's JSON exactly as Compose v2's `encoding/json` writes the compose-go
/// type it corresponds to: struct keys in compose-go's declaration order (`ComposeV2Shapes`),
/// map keys sorted, struct-typed fields always present, Go's string escaping (`<`, `>`, `&`
/// as `\u003c`…), `float32` and `UnitBytes` values as Go prints them. This is the text Compose
/// hashes into `com.docker.compose.config-hash`, so Berth's hashes are the same bytes' SHA-256.
public enum ComposeV2JSON {
    /// The compact text of `value`, whose top level is the compose-go struct `shape`
    /// (`ServiceConfig`, `NetworkConfig`, `VolumeConfig`, …; `nil` for a plain value).
    public static func compact(_ value: CanonicalJSON, shape: String?) -> [UInt8] {
        var out: [UInt8] = []
        write(value, shape: shape, into: &out)
        return out
    }

    /// Keys of `shape`'s members that compose-go has no field for (they would be dropped by
    /// Compose, so a value carrying one cannot hash as Compose does), as dotted paths.
    public static func unknownKeys(_ value: CanonicalJSON, shape: String, path: String = "") -> [String] {
        guard case .object(let members) = value, let fields = ComposeV2Shapes.table[shape] else { return [] }
        var out: [String] = []
        let known = Set(fields.map(\.berthKey))
        for key in CanonicalJSON.sortedKeys(members) where !known.contains(key) {
            out.append(path.isEmpty ? key : path + "." + key)
        }
        for field in fields {
            guard let child = field.shape, let member = members[field.berthKey] else { continue }
            let childPath = path.isEmpty ? field.key : path + "." + field.key
            for (i, element) in elements(of: member, field: field).enumerated() {
                out += unknownKeys(element, shape: child, path: isCollection(member) ? "\(childPath)[\(i)]" : childPath)
            }
        }
        return out
    }

    private static func isCollection(_ value: CanonicalJSON) -> Bool {
        switch value {
        case .array: return true
        default: return false
        }
    }

    private static func elements(of value: CanonicalJSON, field: ComposeV2Shapes.F) -> [CanonicalJSON] {
        switch value {
        case .array(let items): return items
        case .object(let members) where field.map: return CanonicalJSON.sortedKeys(members).compactMap { members[$0] }
        default: return [value]
        }
    }

    // MARK: - Writing

    private static func write(_ value: CanonicalJSON, shape: String?, into out: inout [UInt8]) {
        switch value {
        case .object(let members):
            if let shape, let index = ComposeV2Shapes.indexed[shape] {
                writeStruct(members, shape: shape, index: index, into: &out)
            } else {
                writeMap(members, field: nil, into: &out)
            }
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, shape: shape, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let s): writeString(s, into: &out)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// A map: sorted keys, every value of the field's shape.
    private static func writeMap(
        _ members: [String: CanonicalJSON], field: ComposeV2Shapes.F?, into out: inout [UInt8]
    ) {
        out.append(UInt8(ascii: "{"))
        for (i, key) in CanonicalJSON.sortedKeys(members).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            if let member = members[key] {
                if let field { writeField(member, field: field, mapValue: true, into: &out) } else { write(member, shape: nil, into: &out) }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeStruct(
        _ members: [String: CanonicalJSON], shape: String, index: ComposeV2Shapes.Index, into out: inout [UInt8]
    ) {
        // compose-go's own marshallers: a required env file is its path alone.
        if shape == "EnvFile", members["required"] != .bool(false), case .string(let path)? = members["path"] {
            writeString(path, into: &out)
            return
        }
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ k: String) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            writeString(k, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        // The members compose-go has a field for, in its declaration order, merged with the
        // fields Go writes when they are absent.
        var present: [(position: Int, value: CanonicalJSON)] = []
        present.reserveCapacity(members.count)
        for (name, member) in members {
            if let position = index.position[name] { present.append((position, member)) }
        }
        present.sort { $0.position < $1.position }
        let fields = index.fields
        let absent = index.writtenWhenAbsent
        var next = 0
        func writeAbsent(upTo limit: Int) {
            while next < absent.count && absent[next] < limit {
                let field = fields[absent[next]]
                next += 1
                switch field.absent {
                case .none: continue
                case .null: key(field.key); out.append(contentsOf: "null".utf8)
                case .falseValue: key(field.key); out.append(contentsOf: "false".utf8)
                case .emptyString: key(field.key); out.append(contentsOf: "\"\"".utf8)
                case .zero: key(field.key); out.append(UInt8(ascii: "0"))
                case .zeroText: key(field.key); out.append(contentsOf: "\"0\"".utf8)
                case .emptyObject:
                    key(field.key)
                    write(.object([:]), shape: field.shape, into: &out)
                }
            }
        }
        for (position, member) in present {
            writeAbsent(upTo: position)
            if next < absent.count && absent[next] == position { next += 1 }
            let field = fields[position]
            key(field.key)
            if shape == "FileReferenceConfig", field.key == "mode", case .number(let n) = member, let mode = Int(n) {
                writeString("0" + String(mode, radix: 8), into: &out)
            } else {
                writeField(member, field: field, mapValue: false, into: &out)
            }
        }
        writeAbsent(upTo: Int.max)
        // Members compose-go has no field for: kept (sorted) so that they still change the
        // hash; `unknownKeys` reports them.
        if present.count < members.count {
            for k in CanonicalJSON.sortedKeys(members) where index.position[k] == nil {
                guard let member = members[k] else { continue }
                key(k)
                write(member, shape: nil, into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeField(
        _ value: CanonicalJSON, field: ComposeV2Shapes.F, mapValue: Bool, into out: inout [UInt8]
    ) {
        if field.map, !mapValue, case .object(let members) = value {
            writeMap(members, field: field, into: &out)
            return
        }
        switch value {
        case .number(let n) where field.bytes:
            writeString(n, into: &out)
        case .number(let n) where field.float32:
            out.append(contentsOf: float32Text(n).utf8)
        default:
            write(value, shape: field.shape, into: &out)
        }
    }

    /// Go's shortest text of a `float32` (`strconv.FormatFloat(f, 'f', -1, 32)` in its range).
    static func float32Text(_ text: String) -> String {
        guard let d = Double(text) else { return text }
        let f = Float(d)
        if f == f.rounded(), abs(f) < 1e15 { return String(Int64(f)) }
        let s = f.description
        return s.contains("e") ? text : s
    }

    /// Go's `encoding/json` string escaping (with HTML escaping, as `json.Marshal` does).
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: printable ASCII other than `"`, `\`, `<`, `>`, `&`.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != 0x22 && $0 != 0x5c && $0 != 0x3c && $0 != 0x3e && $0 != 0x26 }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        func hex(_ v: UInt32) -> UInt8 { v < 10 ? 0x30 + UInt8(v) : 0x57 + UInt8(v) }
        func unicodeEscape(_ v: UInt32) {
            out.append(contentsOf: #"\u"#.utf8)
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex((v >> UInt32(shift)) & 0xf)) }
        }
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5c: out.append(contentsOf: #"\\"#.utf8)
            case 0x0a: out.append(contentsOf: #"\n"#.utf8)
            case 0x0d: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0c: out.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20, 0x3c, 0x3e, 0x26, 0x2028, 0x2029: unicodeEscape(scalar.value)
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
