import BerthBasics
import ComposeModel
import YAMLSyntax

/// A failure to load a file that `extends` or `include` names, with the reason in words.
struct ReferencedFileError: Error, CustomStringConvertible {
    var description: String
}

extension LoadSession {
    // MARK: - extends

    /// Resolves `extends` in one document; other files are parsed and interpolated with the
    /// same environment (and cached for this document).
    mutating func resolveExtends(_ root: Node, file: String, directory: String, env: [String: String]) -> Node {
        guard let services = root["services"]?.mapping,
              services.contains(where: { $0.value["extends"] != nil }) else { return root }
        let fs = self.fs
        let interpolate = options.interpolate
        var cache: [String: Node] = [:]
        let (node, problems) = ComposeExtends.resolve(root: root, file: file, directory: directory) { path in
            if let hit = cache[path] { return hit }
            let node = try Self.readReferencedFile(path, fs: fs, env: interpolate ? env : nil)
            cache[path] = node
            return node
        }
        diagnostics += problems
        return node
    }

    /// Reads, parses and interpolates a file named by `extends.file`.
    static func readReferencedFile(_ path: String, fs: any FileSystem, env: [String: String]?) throws -> Node {
        let bytes = try fs.readFile(path)
        let docs: [Node]
        do {
            docs = try YAMLParser.parse(bytes, file: path)
        } catch {
            throw ReferencedFileError(description: "\(error)")
        }
        guard let doc = docs.first(where: { !$0.isNull }), doc.mapping != nil else {
            throw ReferencedFileError(description: "\(path): top-level object must be a mapping")
        }
        guard let env else { return doc }
        var interpolator = TreeInterpolator(env: env)
        let out = interpolator.run(doc)
        if let first = interpolator.diagnostics.first(where: { $0.severity == .error }) {
            throw ReferencedFileError(description: first.location.map { "\($0): \(first.message)" } ?? first.message)
        }
        return out
    }

    // MARK: - include

    /// Loads every `include` entry as a project of its own and imports its services, networks,
    /// volumes, secrets, configs and models; the including file's definitions merge over them.
    mutating func resolveIncludes(_ root: Node, file: String, projectDir: String, env: [String: String], stack: [String]) -> Node {
        guard var pairs = root.mapping, let index = pairs.firstIndex(where: { $0.key.scalar == "include" }) else { return root }
        let includeNode = pairs[index].value
        pairs.remove(at: index)
        var rest = root
        rest.content = .mapping(pairs)

        guard let entries = includeNode.sequence else {
            error("include must be a sequence of paths or of mappings with `path`", path: "include", at: includeNode.mark)
            return rest
        }
        let baseDir = file.hasSuffix("/-") ? projectDir : PathSyntax.dirname(file)
        var imported: Node?
        for (i, entry) in entries.enumerated() {
            let path = "include[\(i)]"
            guard let spec = includeSpec(entry, path: path) else { continue }
            let files = spec.paths.map { absolute($0, base: baseDir) }
            guard let first = files.first else {
                error("include entry has no path", path: path, at: entry.mark)
                continue
            }
            if let cycleStart = stack.firstIndex(of: first) {
                let chain = (stack[cycleStart...] + [first]).enumerated().map { $0.offset == 0 ? $0.element : " include \($0.element)" }
                error("include cycle detected:\n" + chain.joined(separator: "\n"), path: path, at: entry.mark)
                continue
            }
            let dir = spec.projectDirectory.map { absolute($0, base: projectDir) } ?? PathSyntax.dirname(first)

            // The included project's environment: the parent's wins over its env files.
            var includeEnv = env
            var envPaths = spec.envFiles.map { (absolute($0, base: projectDir), true) }
            if spec.envFiles.isEmpty { envPaths = [(POSIXPath.join(dir, ".env"), false)] }
            var contents: [(path: String, contents: String)] = []
            for (envPath, required) in envPaths where envPath != "/dev/null" {
                if fs.isDirectory(envPath) {
                    if required { error("\(envPath) is not a file", path: "\(path).env_file", at: entry.mark) }
                    continue
                }
                guard fs.fileExists(envPath), let bytes = try? fs.readFile(envPath) else {
                    if required { error("couldn't find env file: \(envPath)", path: "\(path).env_file", at: entry.mark) }
                    continue
                }
                contents.append((envPath, String(decoding: bytes, as: UTF8.self)))
            }
            var fromFiles: [String: String] = [:]
            if !contents.isEmpty {
                do {
                    fromFiles = try DotEnv.projectEnvironment(os: [:], files: contents)
                    for (k, v) in fromFiles where includeEnv[k] == nil { includeEnv[k] = v }
                } catch {
                    self.error("\(error)", path: "\(path).env_file", at: entry.mark)
                }
            }

            // Load the included files as one model (its own includes and extends resolved).
            var model: Node?
            for includedFile in files {
                guard fs.fileExists(includedFile) else {
                    error("open \(includedFile): no such file or directory (included here)", path: path, at: entry.mark)
                    continue
                }
                for (docFile, raw) in parseDocuments(SourceFile(path: includedFile)) {
                    var doc = options.interpolate ? interpolate(raw, env: includeEnv) : raw
                    doc = resolveIncludes(doc, file: docFile, projectDir: dir, env: includeEnv, stack: stack + [first])
                    doc = resolveExtends(doc, file: docFile, directory: dir, env: includeEnv)
                    if let base = model {
                        let (merged, problems) = ComposeMerge.merge(base: base, override: doc)
                        diagnostics += problems
                        model = merged
                    } else {
                        model = ComposeMerge.stripResetTags(doc)
                    }
                }
            }
            guard let model else { continue }
            // Without interpolation (`config --no-interpolate`) Compose v2 fills them from the
            // include's env files alone.
            let loaded = IncludeEnvironment.resolve(model, env: options.interpolate ? includeEnv : fromFiles)
            let sections = IncludePaths.importedSections(IncludePaths.rebase(loaded, onto: dir, home: fs.homeDirectory))
            if let base = imported {
                for c in IncludeConflicts.conflicts(existing: base, incoming: sections) {
                    conflictError(c.section, c.name, at: c.node.mark)
                }
                let (merged, problems) = ComposeMerge.merge(base: base, override: sections)
                diagnostics += problems
                imported = merged
            } else {
                imported = sections
            }
        }
        guard let imported else { return rest }
        for c in IncludeConflicts.conflicts(existing: imported, incoming: rest, existingIsIncluded: true) {
            conflictError(c.section, c.name, at: c.node.mark)
        }
        let (merged, problems) = ComposeMerge.merge(base: imported, override: rest)
        diagnostics += problems
        return merged
    }

    mutating func conflictError(_ section: String, _ name: String, at mark: Mark) {
        error(
            "\(section).\(name) conflicts with imported resource: an included file defines it differently; "
                + "define it in one file only, or make both definitions the same (Compose v2 merges no included resource)",
            path: "\(section).\(name)", at: mark)
    }

    struct IncludeSpec {
        var paths: [String]
        var projectDirectory: String?
        var envFiles: [String]
    }

    mutating func includeSpec(_ entry: Node, path: String) -> IncludeSpec? {
        if let text = entry.scalar, !entry.isNull {
            return IncludeSpec(paths: [text], projectDirectory: nil, envFiles: [])
        }
        guard let pairs = entry.mapping else {
            error("include entries must be a path or a mapping with `path`", path: path, at: entry.mark)
            return nil
        }
        var spec = IncludeSpec(paths: [], projectDirectory: nil, envFiles: [])
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            switch key {
            case "path":
                spec.paths = stringOrList(pair.value, path: "\(path).path")
            case "project_directory":
                spec.projectDirectory = pair.value.scalar
            case "env_file":
                spec.envFiles = stringOrList(pair.value, path: "\(path).env_file")
            default:
                if !key.hasPrefix("x-") {
                    error("additional property '\(key)' is not allowed in include (allowed: path, project_directory, env_file)", path: "\(path).\(key)", at: pair.key.mark)
                }
            }
        }
        if spec.paths.isEmpty {
            error("include entry is missing property 'path'", path: path, at: entry.mark)
            return nil
        }
        return spec
    }

    mutating func stringOrList(_ node: Node, path: String) -> [String] {
        if let items = node.sequence {
            return items.compactMap { item in
                guard let s = item.scalar else {
                    error("\(path) items must be strings", path: path, at: item.mark)
                    return nil
                }
                return s
            }
        }
        if let s = node.scalar { return [s] }
        error("\(path) must be a string or a list of strings", path: path, at: node.mark)
        return []
    }
}

extension PathSyntax {
    /// The directory part of an absolute path (`/a/b` → `/a`, `/a` → `/`).
    static func dirname(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The last component (`/a/b/` → `b`).
    static func basename(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return String(p[p.index(after: slash)...])
    }
}
