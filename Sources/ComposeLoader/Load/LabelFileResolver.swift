import BerthBasics
import ComposeModel
import YAMLSyntax

/// Folds `label_file` into `labels`, as compose-go does after loading: the files in order (a
/// later file wins), then `labels:` on top. A file's `${VAR}` and bare `KEY` lines resolve
/// against the labels read so far (earlier files, then earlier lines), never the environment.
/// `label_file` is then dropped: Compose neither prints nor hashes it.
struct LabelFileResolver {
    let fs: any FileSystem

    func resolve(_ service: Service, name: String, at locator: NodeLocator) -> (Service, [Diagnostic]) {
        guard !service.labelFile.isEmpty else { return (service, []) }
        var diagnostics: [Diagnostic] = []
        var labels: [String: String] = [:]
        let single = locator.node(["services", name, "label_file"])?.sequence == nil
        for (i, file) in service.labelFile.enumerated() {
            let components = ["services", name, "label_file"] + (single ? [] : [String(i)])
            let location = SourceLocation(locator.mark(components))
            let path = single ? "services.\(name).label_file" : "services.\(name).label_file[\(i)]"
            guard fs.fileExists(file), !fs.isDirectory(file) else {
                let reason = fs.isDirectory(file) ? "is a directory" : "no such file or directory"
                diagnostics.append(.error("label file \(file) not found: \(reason); create it or remove it from label_file", path: path, at: location))
                continue
            }
            do {
                let text = String(decoding: try fs.readFile(file), as: UTF8.self)
                let known = labels
                for (key, value) in try DotEnv.parse(text, lookup: { known[$0] }) {
                    labels[key] = value
                }
            } catch {
                diagnostics.append(.error("failed to read label file \(file): \(error)", path: path, at: location))
            }
        }
        var out = service
        for (key, value) in service.labels { labels[key] = value }
        out.labels = labels
        out.labelFile = []
        return (out, diagnostics)
    }
}

extension NodeLocator {
    /// The node at exactly this path of mapping keys, or nil.
    func node(_ keys: [String]) -> Node? {
        var node = root
        for key in keys {
            guard let next = node.mapping?.first(where: { $0.key.scalar == key })?.value else { return nil }
            node = next
        }
        return node
    }
}

extension LoadSession {
    /// Resolves every enabled service's `label_file` (whatever `resolveEnvironment` says:
    /// Compose always does, `config --hash` included).
    mutating func resolveLabelFiles(_ project: inout Project, root: Node) {
        let resolver = LabelFileResolver(fs: fs)
        let locator = NodeLocator(root: root)
        var names: [String] = []
        for i in project.services.indices where !project.services.values[i].labelFile.isEmpty {
            names.append(project.services.keys[i])
        }
        for name in names.sorted() {
            guard let service = project.services[name] else { continue }
            let (resolved, problems) = resolver.resolve(service, name: name, at: locator)
            project.services[name] = resolved
            diagnostics += problems
        }
    }
}
