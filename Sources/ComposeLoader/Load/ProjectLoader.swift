import BerthBasics
import ComposeModel
import YAMLSyntax

/// Loads compose files into a typed `Project`, the way Docker Compose v2 does:
/// files and environment → interpolate → include → extends → merge → decode → profiles → checks.
/// Collects every problem it can find before failing, each located at `file:line:column`.
public enum ProjectLoader {
    public static func load(_ options: LoadOptions, fileSystem: any FileSystem) throws(DiagnosticsError) -> LoadedProject {
        var session = LoadSession(options: options, fs: fileSystem)
        let result = session.run()
        let sorted = DiagnosticOrder.sorted(session.diagnostics)
        guard let result, !sorted.contains(where: { $0.severity == .error }) else {
            throw DiagnosticsError(sorted)
        }
        var loaded = result
        loaded.warnings = sorted
        return loaded
    }
}

/// Diagnostics sorted by file, line and column; unlocated ones first, in the order found.
public enum DiagnosticOrder {
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (la?, lb?): return la == lb ? a.offset < b.offset : la < lb
            }
        }.map(\.element)
    }
}

extension SourceLocation {
    init(_ mark: Mark) {
        self.init(file: mark.file, line: mark.line, column: mark.column)
    }
}

/// One run of the loader: the options, the file system, and the diagnostics so far.
struct LoadSession {
    let options: LoadOptions
    let fs: any FileSystem
    var diagnostics: [Diagnostic] = []
    var warnedVariables: Set<String> = []

    init(options: LoadOptions, fs: any FileSystem) {
        self.options = options
        self.fs = fs
    }

    var cwd: String { fs.currentDirectory }

    func absolute(_ path: String, base: String? = nil) -> String {
        POSIXPath.isAbsolute(path) ? POSIXPath.clean(path) : POSIXPath.join(base ?? cwd, path)
    }

    mutating func error(_ message: String, path: String = "", at mark: Mark? = nil) {
        diagnostics.append(.error(message, path: path, at: mark.map(SourceLocation.init)))
    }

    mutating func warning(_ message: String, path: String = "", at mark: Mark? = nil) {
        diagnostics.append(.warning(message, path: path, at: mark.map(SourceLocation.init)))
    }

    // MARK: - The pipeline

    /// Files and environment → one merged tree (interpolated unless turned off, includes and
    /// extends resolved, `name` set), before any decoding.
    mutating func mergedRoot() -> (root: Node, projectDir: String, env: [String: String], files: [SourceFile])? {
        var env = options.environment
        if env["PWD"] == nil { env["PWD"] = cwd }

        // The project directory may be unknown until the files are found; .env is read from
        // the best guess first (so COMPOSE_FILE can come from it), then again if it moves.
        let explicitDir = options.projectDirectory.map { absolute($0) }
        let guessDir = explicitDir ?? cwd
        guard let firstEnv = projectEnvironment(os: env, projectDir: guessDir) else { return nil }
        env = firstEnv

        guard let files = configFiles(env: env, searchDir: guessDir) else { return nil }
        let projectDir = explicitDir ?? files.first.map { $0.path == "-" ? cwd : PathSyntax.dirname($0.path) } ?? cwd
        if projectDir != guessDir, options.envFiles.isEmpty, env["COMPOSE_ENV_FILES"] == nil {
            guard let more = projectEnvironment(os: env, projectDir: projectDir) else { return nil }
            for (k, v) in more where env[k] == nil { env[k] = v }
        }

        // Parse everything first: the project name can come from any file.
        var documents: [(file: String, root: Node)] = []
        for file in files {
            documents += parseDocuments(file)
        }
        if documents.isEmpty {
            if !diagnostics.contains(where: { $0.severity == .error }) {
                error("empty compose file", at: files.first.map { Mark(file: $0.display, line: 1, column: 1) })
            }
            return nil
        }

        guard let name = projectName(documents: documents, env: env, projectDir: projectDir) else { return nil }
        env["COMPOSE_PROJECT_NAME"] = name

        // Per document: interpolate → include → extends → merge over what came before.
        var merged: Node?
        documents.reverse()
        while let (file, rawRoot) = documents.popLast() {
            var root = options.interpolate ? interpolate(rawRoot, env: env) : rawRoot
            root = resolveIncludes(root, file: file, projectDir: projectDir, env: env, stack: [file])
            root = resolveExtends(root, file: file, directory: projectDir, env: env)
            if let base = merged {
                let (node, problems) = ComposeMerge.merge(base: base, override: root)
                diagnostics += problems
                merged = node
            } else {
                merged = ComposeMerge.stripResetTags(root)
            }
        }
        guard var root = merged else { return nil }
        root = finishRoot(root, name: name)
        return (root, projectDir, env, files)
    }

    mutating func run() -> LoadedProject? {
        guard let (root, projectDir, env, files) = mergedRoot() else { return nil }
        let context = DecodeContext(workingDir: projectDir, homeDir: fs.homeDirectory, environment: env)
        checkTimestamps(root)
        let (decoded, problems) = ProjectDecoder.decode(root, context: context)
        diagnostics += problems
        var project = decoded

        // By index, not by element: a `Service` copy costs a few thousand instructions, and
        // this (as the loops below) reads one field of each.
        var profiles = Set<String>()
        for i in project.services.indices {
            profiles.formUnion(project.services.values[i].profiles)
        }
        let allProfiles = profiles.sorted()
        let active = activeProfiles(env: env)
        let (enabled, disabled) = ProfileFilter.apply(project, active: active, targeted: options.services)
        project = enabled

        if options.resolveEnvironment {
            let resolver = EnvFileResolver(fs: fs, projectEnvironment: env)
            let locator = NodeLocator(root: root)
            var withEnvFiles: [String] = []
            for i in project.services.indices where !project.services.values[i].envFile.isEmpty {
                withEnvFiles.append(project.services.keys[i])
            }
            for name in withEnvFiles.sorted() {
                guard let service = project.services[name] else { continue }
                let (resolved, problems) = resolver.resolve(service, name: name, at: locator)
                project.services[name] = resolved
                diagnostics += problems
            }
        }
        resolveLabelFiles(&project, root: root)
        if options.consistency {
            diagnostics += ConsistencyChecker.check(project, disabled: disabled, root: root)
        }

        return LoadedProject(
            project: project,
            workingDirectory: projectDir,
            configFiles: files.map(\.path),
            environment: env,
            activeProfiles: active,
            allProfiles: allProfiles,
            disabledServices: disabled,
            warnings: [],
            root: root
        )
    }

    // MARK: - Environment

    /// The project environment: process env first, then env files (explicit, COMPOSE_ENV_FILES, or `.env`).
    mutating func projectEnvironment(os: [String: String], projectDir: String) -> [String: String]? {
        var paths: [(path: String, required: Bool)] = []
        if !options.envFiles.isEmpty {
            paths = options.envFiles.map { (absolute($0), true) }
        } else if let list = os["COMPOSE_ENV_FILES"], !list.isEmpty {
            paths = list.split(separator: ",").map { (absolute(String($0).trimmingSpaces()), true) }
        } else if !isTrue(os["COMPOSE_DISABLE_ENV_FILE"]) {
            paths = [(POSIXPath.join(projectDir, ".env"), false)]
        }
        var contents: [(path: String, contents: String)] = []
        for (path, required) in paths {
            if fs.isDirectory(path) {
                if required { error("\(path) is a directory") ; return nil }
                continue
            }
            guard fs.fileExists(path) else {
                if required { error("couldn't find env file: \(path)"); return nil }
                continue
            }
            do {
                contents.append((path, String(decoding: try fs.readFile(path), as: UTF8.self)))
            } catch {
                self.error("failed to read \(path): \(error)")
                return nil
            }
        }
        if contents.isEmpty { return os }
        do {
            return try DotEnv.projectEnvironment(os: os, files: contents)
        } catch {
            self.error("\(error)")
            return nil
        }
    }

    func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }

    func activeProfiles(env: [String: String]) -> [String] {
        if !options.profiles.isEmpty {
            return options.profiles.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
        }
        guard let list = env["COMPOSE_PROFILES"] else { return [] }
        return list.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    // MARK: - Files

    struct SourceFile {
        var path: String
        /// How marks name the file.
        var display: String { path == "-" ? "<stdin>" : path }
    }

    static let mainNames = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"]
    static let overrideNames = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"]

    mutating func configFiles(env: [String: String], searchDir: String) -> [SourceFile]? {
        if !options.configFiles.isEmpty {
            var result: [SourceFile] = []
            for f in options.configFiles {
                if f == "-" { result.append(SourceFile(path: "-")); continue }
                let path = absolute(f)
                guard fs.fileExists(path), !fs.isDirectory(path) else {
                    error(fs.isDirectory(path) ? "\(path) is a directory, not a compose file" : "open \(path): no such file or directory: check the -f path")
                    return nil
                }
                result.append(SourceFile(path: path))
            }
            return result
        }
        if let list = env["COMPOSE_FILE"], !list.isEmpty {
            let separator = env["COMPOSE_PATH_SEPARATOR"].flatMap(\.first) ?? ":"
            var result: [SourceFile] = []
            for f in list.split(separator: separator) {
                let path = absolute(String(f))
                guard fs.fileExists(path) else {
                    error("open \(path): no such file or directory (from COMPOSE_FILE)")
                    return nil
                }
                result.append(SourceFile(path: path))
            }
            return result
        }
        var dir = searchDir
        while true {
            let found = Self.mainNames.map { POSIXPath.join(dir, $0) }.filter { fs.fileExists($0) && !fs.isDirectory($0) }
            if let main = found.first {
                if found.count > 1 {
                    warning("Found multiple config files with supported names: \(found.joined(separator: ", ")); using \(main)")
                }
                var result = [SourceFile(path: main)]
                if let override = Self.overrideNames.map({ POSIXPath.join(dir, $0) }).first(where: { fs.fileExists($0) && !fs.isDirectory($0) }) {
                    result.append(SourceFile(path: override))
                }
                return result
            }
            let parent = PathSyntax.dirname(dir)
            if parent == dir { break }
            dir = parent
        }
        error("no configuration file provided: not found (looked for compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml in \(searchDir) and its parents; use -f to name one)")
        return nil
    }

    mutating func readBytes(_ file: SourceFile) -> [UInt8]? {
        if file.path == "-" { return options.stdin ?? [] }
        do {
            return try fs.readFile(file.path)
        } catch {
            self.error("\(error)")
            return nil
        }
    }

    /// Parses one file into its document roots; every document must be a mapping.
    mutating func parseDocuments(_ file: SourceFile) -> [(file: String, root: Node)] {
        guard let bytes = readBytes(file) else { return [] }
        let docs: [Node]
        do {
            let (parsed, duplicates) = try YAMLParser.parseCollecting(bytes, file: file.display)
            for d in duplicates { error(d.message, at: d.mark) }
            docs = parsed
        } catch {
            self.error(error.context.map { "\(error.message) (\($0))" } ?? error.message, at: error.mark)
            return []
        }
        var result: [(file: String, root: Node)] = []
        for doc in docs {
            if doc.isNull { continue }
            guard doc.mapping != nil else {
                error("top-level object must be a mapping", at: doc.mark)
                continue
            }
            result.append((file.path == "-" ? POSIXPath.join(cwd, "-") : file.path, doc))
        }
        return result
    }

    // MARK: - Project name

    mutating func projectName(documents: [(file: String, root: Node)], env: [String: String], projectDir: String) -> String? {
        if let name = options.projectName {
            if let problem = ProjectNameSyntax.validationError(name) { error(problem + " (from -p)"); return nil }
            return name
        }
        if let name = env["COMPOSE_PROJECT_NAME"], !name.isEmpty {
            if let problem = ProjectNameSyntax.validationError(name) { error(problem + " (from COMPOSE_PROJECT_NAME)"); return nil }
            return name
        }
        var fromFile: String?
        var sawNameKey = false
        for (_, root) in documents {
            guard let node = root["name"] else { continue }
            sawNameKey = true
            guard let text = node.scalar else {
                error("name must be a string", path: "name", at: node.mark)
                continue
            }
            var value = text
            if options.interpolate {
                do {
                    value = try Interpolation.substitute(text, lookup: { env[$0] }).value
                } catch {
                    self.error(interpolationMessage(error, path: "name"), path: "name", at: node.mark)
                    continue
                }
            }
            if !value.isEmpty { fromFile = ProjectNameSyntax.normalize(value) }
        }
        if let fromFile, !fromFile.isEmpty { return fromFile }
        if !sawNameKey {
            let base = ProjectNameSyntax.normalize(PathSyntax.basename(projectDir))
            if !base.isEmpty { return base }
        }
        error("project name must not be empty: set `name:` in the compose file, or use -p NAME")
        return nil
    }

    // MARK: - Interpolation

    func interpolationMessage(_ error: InterpolationError, path: String) -> String {
        TreeInterpolator.message(error, path: path)
    }

    /// Substitutes variables in every string value (never in keys), keeping positions.
    mutating func interpolate(_ node: Node, env: [String: String]) -> Node {
        var interpolator = TreeInterpolator(env: env, warned: warnedVariables)
        let out = interpolator.run(node)
        diagnostics += interpolator.diagnostics
        warnedVariables = interpolator.warned
        return out
    }

    // MARK: - Root

    /// Sets the resolved name and drops the obsolete `version` key with its warning.
    mutating func finishRoot(_ root: Node, name: String) -> Node {
        guard var pairs = root.mapping else { return root }
        if let i = pairs.firstIndex(where: { $0.key.scalar == "version" }) {
            let mark = pairs[i].key.mark
            warning("the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion", path: "version", at: mark)
            pairs.remove(at: i)
        }
        let nameNode = Node.string(name, mark: root["name"]?.mark ?? root.mark)
        if let i = pairs.firstIndex(where: { $0.key.scalar == "name" }) {
            pairs[i].value = nameNode
        } else {
            pairs.insert(Node.Pair(key: .string("name", mark: root.mark, style: .plain), value: nameNode), at: 0)
        }
        var out = root
        out.content = .mapping(pairs)
        return out
    }
}
