import ComposeModel

/// The project as Compose v2's `config` prints it, field by field (`ComposeV2ConfigTests` in
/// the suite run both tools over the corpus, the fixtures and generated projects).
///
/// - `--format json` is `json.MarshalIndent` of compose-go's types: the JSON Berth hashes
///   (`ComposeV2JSON`, so struct-typed fields such as `ipam: {}` or `command: null` are
///   present), `x-*` extensions only at the top level (compose-go's structs drop nested ones).
/// - `--format yaml` is go-yaml's encoding of the same types, where `omitempty` drops empty
///   values, and every `x-*` extension is kept where it was written.
///
/// Both leave out the networks, volumes, secrets, configs and models that no service uses.
public enum ComposeV2Config {
    /// `config --format json`, indented by two spaces, keys as Compose orders them.
    public static func json(_ project: Project) -> String {
        let project = withoutUnusedResources(project)
        var members: [(String, [UInt8])] = [("name", text(.string(project.name)))]
        members.append(("services", section(project.services, shape: "ServiceConfig")))
        if !project.networks.isEmpty { members.append(("networks", section(project.networks, shape: "NetworkConfig"))) }
        if !project.volumes.isEmpty { members.append(("volumes", section(project.volumes, shape: "VolumeConfig"))) }
        if !project.secrets.isEmpty { members.append(("secrets", section(project.secrets, shape: "FileObjectConfig"))) }
        if !project.configs.isEmpty { members.append(("configs", section(project.configs, shape: "FileObjectConfig"))) }
        if !project.models.isEmpty { members.append(("models", section(project.models, shape: "ModelConfig"))) }
        for (key, value) in project.extensions {
            members.append((key, text(encoded(value, dropsExtensions: false))))
        }
        // compose-go's `Project.MarshalJSON` writes a map: keys sorted.
        members.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, member) in members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += text(.string(member.0)) + [UInt8(ascii: ":")] + member.1
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: indented(out), as: UTF8.self)
    }

    /// `config --format yaml` as a JSON value (the YAML emitter writes it): Berth's own
    /// encoding, which omits empty values as go-yaml's `omitempty` does, extensions kept.
    public static func yamlValue(_ project: Project) -> CanonicalJSON {
        var value = encoded(withoutUnusedResources(project), dropsExtensions: false)
        guard case .object(var top) = value, case .object(var services)? = top["services"] else { return value }
        for (name, service) in services {
            guard case .object(var fields) = omittingEmptyStrings(service, shape: "ServiceConfig", asGoYAML: true) else { continue }
            // `command` and `entrypoint` are null when unset; go-yaml omits them.
            for key in ["command", "entrypoint"] where fields[key] == .null { fields[key] = nil }
            services[name] = .object(fields)
        }
        top["services"] = .object(services)
        value = .object(top)
        return value
    }

    /// The project without the networks, volumes, secrets, configs and models that no service
    /// uses (compose-go's `WithoutUnnecessaryResources`, which `config` applies).
    public static func withoutUnusedResources(_ project: Project) -> Project {
        var networks = Set<String>(), volumes = Set<String>(), secrets = Set<String>()
        var configs = Set<String>(), models = Set<String>()
        for service in project.services.values {
            networks.formUnion(service.networks.keys)
            for volume in service.volumes where volume.type == "volume" {
                if let source = volume.source, !source.isEmpty { volumes.insert(source) }
            }
            secrets.formUnion(service.secrets.map(\.source))
            secrets.formUnion((service.build?.secrets ?? []).map(\.source))
            configs.formUnion(service.configs.map(\.source))
            models.formUnion(service.models.keys)
        }
        var out = project
        out.networks = project.networks.filter { networks.contains($0.key) }
        out.volumes = project.volumes.filter { volumes.contains($0.key) }
        out.secrets = project.secrets.filter { secrets.contains($0.key) }
        out.configs = project.configs.filter { configs.contains($0.key) }
        out.models = project.models.filter { models.contains($0.key) }
        return out
    }

    /// `value` (of compose-go struct `shape`) without the empty strings Go's `omitempty`
    /// drops: a key the user wrote that interpolated to nothing (`dockerfile: ${UNSET}`) is
    /// not printed by Compose. With `asGoYAML`, sizes (`UnitBytes`) and file modes become the
    /// strings compose-go's YAML marshallers write (`shm_size: "1073741824"`, `mode: "0440"`).
    static func omittingEmptyStrings(_ value: CanonicalJSON, shape: String?, asGoYAML: Bool = false) -> CanonicalJSON {
        switch value {
        case .array(let items):
            return .array(items.map { omittingEmptyStrings($0, shape: shape, asGoYAML: asGoYAML) })
        case .object(var members):
            guard let shape, let fields = ComposeV2Shapes.table[shape] else { return value }
            for field in fields {
                guard let member = members[field.berthKey] else { continue }
                if member == .string(""), field.absent == .none {
                    members[field.berthKey] = nil
                } else if asGoYAML, field.bytes, case .number(let n) = member {
                    members[field.berthKey] = .string(n)
                } else if asGoYAML, shape == "FileReferenceConfig", field.key == "mode", case .number(let n) = member, let mode = Int(n) {
                    members[field.berthKey] = .string("0" + String(mode, radix: 8))
                } else if let child = field.shape {
                    if field.map, case .object(let entries) = member {
                        members[field.berthKey] = .object(entries.mapValues { omittingEmptyStrings($0, shape: child, asGoYAML: asGoYAML) })
                    } else {
                        members[field.berthKey] = omittingEmptyStrings(member, shape: child, asGoYAML: asGoYAML)
                    }
                }
            }
            return .object(members)
        default:
            return value
        }
    }

    // MARK: - Writing

    private static func encoded(_ value: some CanonicalValue & Encodable, dropsExtensions: Bool) -> CanonicalJSON {
        do {
            return try CanonicalEncoder(dropsExtensions: dropsExtensions).canonical(value)
        } catch {
            return .string("unencodable: \(error)")
        }
    }

    private static func text(_ value: CanonicalJSON) -> [UInt8] {
        ComposeV2JSON.compact(value, shape: nil)
    }

    /// A map of compose-go structs, keys sorted.
    private static func section<T: CanonicalValue & Encodable>(_ items: [String: T], shape: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, key) in items.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            guard let item = items[key] else { continue }
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += text(.string(key)) + [UInt8(ascii: ":")]
            out += ComposeV2JSON.compact(omittingEmptyStrings(encoded(item, dropsExtensions: true), shape: shape), shape: shape)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Go's `json.Indent(dst, src, "", "  ")`: one member or element per line, empty
    /// objects and arrays kept as `{}` and `[]`.
    static func indented(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count * 2)
        var depth = 0, inString = false, escaped = false, needIndent = false
        func newline() {
            out.append(0x0a)
            out += [UInt8](repeating: 0x20, count: depth * 2)
        }
        for b in compact {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if needIndent, b != UInt8(ascii: "]"), b != UInt8(ascii: "}") {
                needIndent = false
                depth += 1
                newline()
            }
            switch b {
            case UInt8(ascii: "\""):
                inString = true
                out.append(b)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(b)
                needIndent = true
            case UInt8(ascii: ","):
                out.append(b)
                newline()
            case UInt8(ascii: ":"):
                out += [b, 0x20]
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if needIndent {
                    needIndent = false  // empty: `{}` / `[]`
                } else {
                    depth -= 1
                    newline()
                }
                out.append(b)
            default:
                out.append(b)
            }
        }
        return out
    }
}
