import ComposeModel
import YAMLSyntax

/// Top-level networks, volumes and secrets nobody uses (BL124), and world-readable secret files (BL125).
/// Usage is read from every service in the source, profile-disabled ones included.
enum UnusedResourceRules {
    static func run(_ c: inout LintContext) {
        let root = c.input.root
        var networks: Set<String> = ["default"]
        var volumes: Set<String> = []
        var secrets: Set<String> = []
        for pair in root["services"]?.mapping ?? [] {
            let s = pair.value
            networks.formUnion(names(s["networks"]))
            for item in s["volumes"]?.sequence ?? [] {
                if let text = item.scalar {
                    volumes.insert(String(text.split(separator: ":").first ?? ""))
                } else if let source = item["source"]?.scalar {
                    volumes.insert(source)
                }
            }
            secrets.formUnion(names(s["secrets"]))
            secrets.formUnion(names(s["build"]?["secrets"]))
        }
        check(&c, root: root, section: "networks", used: networks)
        check(&c, root: root, section: "volumes", used: volumes)
        check(&c, root: root, section: "secrets", used: secrets)
        secretFiles(&c, root: root, used: secrets)
    }

    /// Names in a list of scalars or `{source: …}` items, or the keys of a mapping.
    static func names(_ node: Node?) -> Set<String> {
        guard let node else { return [] }
        switch node.content {
        case .mapping(let pairs): return Set(pairs.compactMap { $0.key.scalar })
        case .sequence(let items): return Set(items.compactMap { $0.scalar ?? $0["source"]?.scalar })
        case .scalar: return []
        }
    }

    static func check(_ c: inout LintContext, root: Node, section: String, used: Set<String>) {
        for pair in root[section]?.mapping ?? [] {
            guard let name = pair.key.scalar, !name.hasPrefix("x-"), !used.contains(name) else { continue }
            let kind = String(section.dropLast())
            c.report("BL124", "\(kind) \"\(name)\" is declared but no service uses it", at: pair.key.mark)
        }
    }

    static func secretFiles(_ c: inout LintContext, root: Node, used: Set<String>) {
        for pair in root["secrets"]?.mapping ?? [] {
            guard let name = pair.key.scalar, let secret = c.project.secrets[name], let file = secret.file else { continue }
            guard let mode = c.input.files.permissions(file), mode & 0o004 != 0 else { continue }
            let mark = pair.value.mapping?.first { $0.key.scalar == "file" }?.key.mark ?? pair.key.mark
            let octal = String(mode & 0o777, radix: 8)
            c.report("BL125", "secret \"\(name)\" file \(file) is readable by every user (mode \(octal))", at: mark)
        }
    }
}
