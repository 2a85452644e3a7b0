import BerthBasics

/// Decides which changed paths under one watch root matter, in Compose's order: the build
/// context's `.dockerignore`, editor temp files, `.git/`, then the rule's own `ignore`; a path
/// that survives must also match `include` when that is set.
public struct WatchFilter: Sendable {
    /// The watched path (absolute, cleaned); a directory or a single file.
    public let root: String
    /// `.dockerignore` of the build context, with the context directory its patterns are relative to.
    public let dockerIgnore: (directory: String, patterns: DockerIgnore)?
    let ignore: DockerIgnore
    let include: DockerIgnore?

    /// Editor and tool temp files (JetBrains, Emacs, Vim, Kate, Go), as Compose skips them.
    public static let editorTempPatterns = [
        "**/*___jb_old___", "**/*___jb_tmp___", "**/.idea/**", "**/.#*", "**/#*#", "**/4913", "**/*~",
        "**/.*.swp", "**/.*.swx", "**/.*.swo", "**/.*.swn", "**/.*.kate-swp", "**/*-go-tmp-umask",
    ]
    static let fixed: DockerIgnore = {
        // The patterns are constant and valid; an empty matcher is the impossible fallback.
        (try? DockerIgnore(patterns: editorTempPatterns + ["**/.git"])) ?? DockerIgnore.none
    }()

    /// - Parameters:
    ///   - root: the rule's `path` (absolute).
    ///   - ignore: the rule's `ignore` patterns, relative to `root`.
    ///   - include: the rule's `include` patterns, relative to `root` (empty: everything).
    ///   - dockerIgnore: the build context directory and its `.dockerignore`.
    public init(root: String, ignore: [String] = [], include: [String] = [], dockerIgnore: (directory: String, patterns: DockerIgnore)? = nil) throws(DockerIgnoreError) {
        self.root = POSIXPath.clean(root)
        self.ignore = try DockerIgnore(patterns: ignore)
        self.include = include.isEmpty ? nil : try DockerIgnore(patterns: include)
        self.dockerIgnore = dockerIgnore.map { (POSIXPath.clean($0.directory), $0.patterns) }
    }

    /// `path` relative to `base`, or nil when it is not `base` or under it.
    static func relative(_ path: String, to base: String) -> String? {
        if path == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// True when `path` (absolute) is the root or under it.
    public func contains(_ path: String) -> Bool {
        Self.relative(POSIXPath.clean(path), to: root) != nil
    }

    /// True when a change to `path` (absolute) is to be dropped: outside the root, or ignored.
    public func ignores(_ path: String) -> Bool {
        let clean = POSIXPath.clean(path)
        guard let rel = Self.relative(clean, to: root) else { return true }
        if excluded(clean, relativeToRoot: rel) { return true }
        if let include, rel != ".", !include.matches(rel) { return true }
        return false
    }

    /// True when nothing under the directory `path` can matter, so it needs no watch.
    public func skipsDirectory(_ path: String) -> Bool {
        let clean = POSIXPath.clean(path)
        guard let rel = Self.relative(clean, to: root) else { return true }
        if rel == "." { return false }
        if let (dir, patterns) = dockerIgnore, let r = Self.relative(clean, to: dir), r != ".",
           patterns.matches(r), !patterns.mayReinclude(underDirectory: r) {
            return true
        }
        if Self.fixed.matches(rel) { return true }
        return ignore.matches(rel) && !ignore.mayReinclude(underDirectory: rel)
    }

    private func excluded(_ clean: String, relativeToRoot rel: String) -> Bool {
        if let (dir, patterns) = dockerIgnore, let r = Self.relative(clean, to: dir), r != ".", patterns.matches(r) {
            return true
        }
        // The fixed patterns apply below the root and to the root's own name.
        let name = clean.split(separator: "/").last.map(String.init) ?? clean
        if rel == "." { return Self.fixed.matches(name) }
        if Self.fixed.matches(rel) { return true }
        return ignore.matches(rel)
    }
}

extension DockerIgnore {
    /// No patterns: nothing is excluded.
    public static let none: DockerIgnore = {
        do { return try DockerIgnore(patterns: []) } catch { fatalError("an empty pattern list cannot fail") }
    }()
}
