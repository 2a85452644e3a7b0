import ComposeModel
import YAMLSyntax

/// Resolving `extends` (compose-file-semantics §5), on YAML node trees.
public enum ComposeExtends {
    /// Resolves `extends` for every service of one document root, recursively (a base's own
    /// `extends` first), in the same file and in other files.
    ///
    /// - `file`: the absolute path of this document's file.
    /// - `directory`: what a relative `extends.file` of this document resolves against: as in
    ///   compose-go, the project directory (an include's own one for an included file), not the
    ///   file's directory. Nil: the file's directory. In a file reached through `extends.file`,
    ///   it is always that file's directory.
    /// - `loadFile(absolutePath)`: the root node of another compose file, parsed and
    ///   interpolated (the caller's job), or throws; the error is reported located at the
    ///   `extends.file` node (a thrown ``DiagnosticsError`` passes its diagnostics through).
    ///   Each file is loaded at most once per call.
    ///
    /// Relative paths of a service taken from another file (build context or build string,
    /// `env_file` entries, `label_file`, bind volume sources short and long, `extends.file`,
    /// `develop.watch[].path`) are made absolute against that file's directory.
    ///
    /// The extending service is merged over its base with ``ComposeMerge/mergeService(base:override:name:)``;
    /// its `!reset`/`!override` pairs stay in the result (see there), so strip or merge the
    /// returned root afterwards. A service whose `extends` fails keeps its own keys, without `extends`.
    public static func resolve(
        root: Node, file: String, directory: String? = nil, loadFile: (String) throws -> Node
    ) -> (node: Node, diagnostics: [Diagnostic]) {
        guard case .mapping(var rootPairs) = root.content,
            let servicesIndex = rootPairs.firstIndex(where: { MergeNodes.keyText($0.key) == "services" }),
            case .mapping(let servicePairs) = rootPairs[servicesIndex].value.content
        else {
            return (root, [])
        }
        let (out, diagnostics) = withoutActuallyEscaping(loadFile) { load in
            var resolver = ExtendsResolver(loadFile: load)
            resolver.rootFile = file
            resolver.rootDirectory = directory
            resolver.register(file: file, services: rootPairs[servicesIndex].value)
            var out = servicePairs
            for (i, pair) in servicePairs.enumerated() {
                guard let name = MergeNodes.keyText(pair.key), MergeNodes.isMapping(pair.value),
                    MergeNodes.value(pair.value, "extends") != nil
                else { continue }
                out[i].value = resolver.resolve(file: file, name: name, chain: [])
            }
            return (out, resolver.diagnostics)
        }
        var services = rootPairs[servicesIndex].value
        services.content = .mapping(out)
        rootPairs[servicesIndex].value = services
        var result = root
        result.content = .mapping(rootPairs)
        return (result, diagnostics)
    }
}

/// The recursive walk behind ``ComposeExtends/resolve(root:file:directory:loadFile:)``.
struct ExtendsResolver {
    struct ServiceRef: Hashable {
        var file: String
        var name: String
    }

    enum State {
        case done(Node)
        case failed
    }

    /// One file's services by name (nil when the file has no usable `services` mapping).
    struct FileServices {
        var byName: [String: Node]
    }

    let loadFile: (String) throws -> Node
    var diagnostics: [Diagnostic] = []
    var files: [String: FileServices?] = [:]
    var states: [ServiceRef: State] = [:]
    /// Files whose loading failed (reported once).
    var failedLoads: Set<String> = []
    /// The document being resolved, and the directory its relative `extends.file` start from.
    var rootFile = ""
    var rootDirectory: String?

    init(loadFile: @escaping (String) throws -> Node) {
        self.loadFile = loadFile
    }

    mutating func register(file: String, services: Node) {
        var byName: [String: Node] = [:]
        if case .mapping(let pairs) = services.content {
            byName.reserveCapacity(pairs.count)
            for pair in pairs {
                if let k = MergeNodes.keyText(pair.key), byName[k] == nil { byName[k] = pair.value }
            }
        }
        files[file] = FileServices(byName: byName)
    }

    /// The resolved service (without `extends`), or the service as written minus `extends` on failure.
    mutating func resolve(file: String, name: String, chain: [ServiceRef]) -> Node {
        resolveOrFail(file: file, name: name, chain: chain) ?? fallback(file: file, name: name)
    }

    private func fallback(file: String, name: String) -> Node {
        guard let service = files[file]??.byName[name] else { return Node.null(mark: Mark(file: file, line: 1, column: 1)) }
        return removingExtends(service)
    }

    private func removingExtends(_ service: Node) -> Node {
        guard case .mapping(let pairs) = service.content else { return service }
        var out = service
        out.content = .mapping(pairs.filter { MergeNodes.keyText($0.key) != "extends" })
        return out
    }

    private mutating func error(_ message: String, path: String, at node: Node) {
        diagnostics.append(.error(message, path: path, at: MergeNodes.location(node.mark)))
    }

    /// Nil when resolution failed (the failure was reported once).
    private mutating func resolveOrFail(file: String, name: String, chain: [ServiceRef]) -> Node? {
        let ref = ServiceRef(file: file, name: name)
        switch states[ref] {
        case .done(let node): return node
        case .failed: return nil
        case nil: break
        }
        guard let service = files[file]??.byName[name] else { return nil }
        guard let extends = MergeNodes.value(service, "extends") else {
            states[ref] = .done(service)
            return service
        }
        let chain = chain + [ref]
        let path = "services.\(name).extends"
        let fail: (inout ExtendsResolver) -> Node? = { resolver in
            for r in chain where resolver.states[r] == nil { resolver.states[r] = .failed }
            return nil
        }

        // `extends: svc` or `extends: {service: svc, file: path}`
        let baseName: String
        var fileNode: Node?
        switch extends.content {
        case .scalar(let s, _) where !extends.isNull:
            baseName = s
        case .mapping:
            guard let s = MergeNodes.value(extends, "service"), case .scalar(let svc, _) = s.content, !s.isNull else {
                error("extends.\(name).service is required", path: path, at: extends)
                return fail(&self)
            }
            baseName = svc
            if let f = MergeNodes.value(extends, "file"), !f.isNull { fileNode = f }
        default:
            error("extends.\(name).service is required", path: path, at: extends)
            return fail(&self)
        }

        var baseFile = file
        if let fileNode {
            guard let refPath = fileNode.scalar else {
                error("extends.\(name).file must be a string", path: path + ".file", at: fileNode)
                return fail(&self)
            }
            let start = (file == rootFile ? rootDirectory : nil) ?? ExtendsPathRebase.directory(of: file)
            let absolute = ExtendsPathRebase.join(start, refPath)
            guard loadIfNeeded(absolute, for: name, in: file, at: fileNode, path: path + ".file") else {
                return fail(&self)
            }
            guard files[absolute]??.byName[baseName] != nil else {
                error("cannot extend service \"\(name)\" in \(file): service \"\(baseName)\" not found in \(refPath)", path: path, at: extends)
                return fail(&self)
            }
            baseFile = absolute
        } else if files[file]??.byName[baseName] == nil {
            error("cannot extend service \"\(name)\" in \(file): service \"\(baseName)\" not found", path: path, at: extends)
            return fail(&self)
        }

        let baseRef = ServiceRef(file: baseFile, name: baseName)
        if chain.contains(baseRef) {
            var lines = ["Circular reference:", "  \(chain[0].name) in \(chain[0].file)"]
            for r in chain.dropFirst() + [baseRef] { lines.append("  extends \(r.name) in \(r.file)") }
            error(lines.joined(separator: "\n"), path: path, at: extends)
            return fail(&self)
        }
        guard let base = resolveOrFail(file: baseFile, name: baseName, chain: chain) else {
            return fail(&self)
        }

        let own = removingExtends(service)
        let merged: Node
        if base.isNull {
            merged = own
        } else {
            let result = ComposeMerge.mergeService(base: base, override: own, name: name)
            diagnostics += result.diagnostics
            merged = result.node
        }
        states[ref] = .done(merged)
        return merged
    }

    /// Loads another file once; its services are rebased onto its directory. False on failure (reported).
    private mutating func loadIfNeeded(_ absolute: String, for name: String, in file: String, at node: Node, path: String) -> Bool {
        if let known = files[absolute] {
            if known == nil {
                error("cannot extend service \"\(name)\" in \(absolute): no services section", path: path, at: node)
            }
            return known != nil
        }
        if failedLoads.contains(absolute) { return false }
        let root: Node
        do {
            root = try loadFile(absolute)
        } catch let failure as DiagnosticsError {
            failedLoads.insert(absolute)
            diagnostics += failure.diagnostics
            return false
        } catch {
            failedLoads.insert(absolute)
            self.error("\(error)", path: path, at: node)
            return false
        }
        guard let services = MergeNodes.value(root, "services"), MergeNodes.isMapping(services) else {
            files[absolute] = .some(nil)
            self.error("cannot extend service \"\(name)\" in \(absolute): no services section", path: path, at: node)
            return false
        }
        register(file: absolute, services: ExtendsPathRebase.rebase(services: services, onto: ExtendsPathRebase.directory(of: absolute)))
        return true
    }
}
