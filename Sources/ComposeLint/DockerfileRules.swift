import ComposeModel
import DockerfileSyntax
import YAMLSyntax

/// The Dockerfile rules (BL2xx), run for every service with a `build:`.
enum DockerfileRules {
    static let toolchains: Set<String> = ["golang", "rust", "maven", "gradle", "gcc", "sdk", "swift", "haskell", "openjdk", "elixir", "crystal", "zig"]

    static func run(_ c: inout LintContext) {
        var seen: Set<String> = []
        // Only a service with a build is copied out of its entry (a `Service` is a large value).
        for entry in c.services where entry.service.build != nil {
            let (view, service) = (entry.view, entry.service)
            guard let build = service.build, let loaded = c.dockerfile(for: service, view: view) else { continue }
            let chain = loaded.stageChain(build.target)
            guard let final = chain.first else { continue }
            let finalFrom = loaded.dockerfile.instructions[final.fromIndex]
            let chainInstructions = loaded.instructions(chain)
            // Rules about the service and the image it gets: once per service.
            let users = chainInstructions.filter { $0.keyword == "USER" }
            if service.user == nil {
                if let last = users.last {
                    let who = String(last.body.split(separator: ":").first ?? "")
                    if ComposeRules.rootUsers.contains(who) {
                        c.report("BL203", "the image of service \"\(view.name)\" ends as root (USER \(last.body))", at: loaded.mark(last.position), service: view.name)
                    }
                } else {
                    c.report("BL203", "the Dockerfile of service \"\(view.name)\" never sets USER, so the image runs as root", at: loaded.mark(finalFrom.position), service: view.name)
                }
            }
            if !ComposeRules.hasHealthcheck(service.healthcheck), !chainInstructions.contains(where: { $0.keyword == "HEALTHCHECK" }) {
                c.report("BL204", "neither the Dockerfile nor service \"\(view.name)\" defines a healthcheck", at: loaded.mark(finalFrom.position), service: view.name)
            }
            context(&c, view, build)
            // Rules about the Dockerfile alone: once per file.
            let key = loaded.file + ":" + String(loaded.lineOffset) + ":" + (build.target ?? "")
            guard seen.insert(key).inserted else { continue }
            fileRules(&c, loaded, chain: chain, args: build.args, service: view.name)
        }
    }

    static func fileRules(_ c: inout LintContext, _ loaded: LoadedDockerfile, chain: [Stage], args: [String: String], service: String) {
        let df = loaded.dockerfile
        var argDefaults = args
        for instruction in df.instructions.prefix(while: { $0.keyword != "FROM" }) where instruction.keyword == "ARG" {
            let parts = instruction.body.split(separator: "=", maxSplits: 1)
            if parts.count == 2, argDefaults[String(parts[0])] == nil { argDefaults[String(parts[0])] = String(parts[1]).unquoted() }
        }
        for (i, stage) in df.stages.enumerated() {
            let from = df.instructions[stage.fromIndex]
            let image = expand(stage.baseImage, argDefaults)
            guard image.lowercased() != "scratch", !df.isStageName(image, before: i), !image.contains("$") else { continue }
            let ref = ImageReference(image)
            if ref.digest == nil, ref.tag == nil {
                c.report("BL201", "FROM \(image) has no tag, so it means `latest`: pin a version", at: loaded.mark(from.position), service: service)
            } else if ref.digest == nil, ref.tag == "latest" {
                c.report("BL202", "FROM \(image) uses the moving tag `latest`: pin a version", at: loaded.mark(from.position), service: service)
            }
        }
        if df.stages.count == 1, let stage = df.stages.first {
            let ref = ImageReference(expand(stage.baseImage, argDefaults))
            if toolchains.contains(ref.baseName) {
                c.report("BL217", "the only stage builds FROM the toolchain image \(ref.repository): the compiler ships in the final image; use a multi-stage build", at: loaded.mark(df.instructions[stage.fromIndex].position), service: service)
            }
        }
        let finalIndexes = Set(chain.flatMap { [$0.fromIndex] + Array($0.instructionIndexes) })
        for (index, instruction) in df.instructions.enumerated() {
            let mark = loaded.mark(instruction.position)
            switch instruction.keyword {
            case "CMD", "ENTRYPOINT":
                if finalIndexes.contains(index), instruction.execForm == nil {
                    c.report("BL205", "\(instruction.keyword) uses the shell form: the process runs under /bin/sh and does not get SIGTERM", at: mark, service: service)
                }
            case "ADD":
                let sources = instruction.body.split(separator: " ").dropLast().map(String.init)
                let remote = sources.allSatisfy { $0.contains("://") || $0.hasPrefix("git@") }
                let archive = sources.contains { s in [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".txz", ".zip"].contains { s.hasSuffix($0) } }
                if !remote, !archive, instruction.heredocs.isEmpty {
                    c.report("BL206", "ADD copies local files: use COPY", at: mark, service: service)
                }
            case "RUN":
                ShellChecks.run(&c, instruction, mark: mark, service: service)
            case "ARG", "ENV":
                for name in variableNames(instruction) where SecretNames.looksSecret(name.name) && !name.valueIsVariable {
                    c.report("BL214", "\(instruction.keyword) \(name.name) holds a secret, which stays in the image's history and config: use a build secret", at: mark, service: service)
                }
            default:
                break
            }
        }
        copyBeforeInstall(&c, loaded, service: service)
    }

    /// `COPY . .` followed, in the same stage, by a dependency install.
    static func copyBeforeInstall(_ c: inout LintContext, _ loaded: LoadedDockerfile, service: String) {
        let df = loaded.dockerfile
        for stage in df.stages {
            let instructions = stage.instructionIndexes.map { df.instructions[$0] }
            guard let copyAt = instructions.firstIndex(where: { $0.keyword == "COPY" && $0.flag("from") == nil && isCopyAll($0) }) else { continue }
            if instructions[(copyAt + 1)...].contains(where: { $0.keyword == "RUN" && ShellChecks.installsDependencies($0) }) {
                c.report("BL213", "COPY of the whole context comes before the dependency install: any source change reinstalls every dependency", at: loaded.mark(instructions[copyAt].position), service: service)
            }
        }
    }

    static func isCopyAll(_ i: Instruction) -> Bool {
        let words = i.execForm ?? i.body.split(separator: " ").map(String.init)
        guard words.count >= 2 else { return false }
        return words.dropLast().contains { $0 == "." || $0 == "./" || $0 == "*" }
    }

    struct Variable { var name: String; var valueIsVariable: Bool }

    /// The names an ARG or ENV sets (`ENV A=1 B=2`, `ENV A 1`, `ARG TOKEN`).
    static func variableNames(_ i: Instruction) -> [Variable] {
        let words = i.body.split(separator: " ").map(String.init)
        if i.keyword == "ENV", words.count >= 2, !words[0].contains("=") {
            return [Variable(name: words[0], valueIsVariable: words[1].hasPrefix("$"))]
        }
        return words.compactMap { w in
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            guard let name = parts.first, !name.isEmpty, name.first?.isLetter == true || name.first == "_" else { return nil }
            let value = parts.count > 1 ? parts[1].unquoted() : ""
            if i.keyword == "ENV", value.isEmpty { return nil }
            return Variable(name: name, valueIsVariable: value.hasPrefix("$"))
        }
    }

    static func expand(_ text: String, _ args: [String: String]) -> String {
        var out = text
        for (k, v) in args {
            out = out.replacing("${\(k)}", with: v).replacing("$\(k)", with: v)
        }
        return out
    }

    // MARK: Used by the compose rules

    static func imageSetsUser(_ c: inout LintContext, _ entry: LintService, _ view: ServiceView) -> Bool {
        // No build, no Dockerfile: asked before `entry.service` is handed over (a copy).
        guard entry.service.build != nil, let loaded = c.dockerfile(for: entry.service, view: view) else { return false }
        return loaded.instructions(loaded.stageChain(entry.service.build?.target)).contains { $0.keyword == "USER" }
    }

    static func imageHasHealthcheck(_ c: inout LintContext, _ entry: LintService, _ view: ServiceView) -> Bool {
        // No build, no Dockerfile: asked before `entry.service` is handed over (a copy).
        guard entry.service.build != nil, let loaded = c.dockerfile(for: entry.service, view: view) else { return false }
        return loaded.instructions(loaded.stageChain(entry.service.build?.target)).contains { $0.keyword == "HEALTHCHECK" }
    }

    // MARK: Context

    static func context(_ c: inout LintContext, _ view: ServiceView, _ build: BuildConfig) {
        guard let dir = build.context, dir.hasPrefix("/") else { return }
        let name = build.dockerfile ?? "Dockerfile"
        let candidates = [(name.hasPrefix("/") ? name : dir + "/" + name) + ".dockerignore", dir + "/.dockerignore"]
        guard let path = candidates.first(where: { c.input.files.read($0) != nil }), let lines = c.sources.lines(path) else {
            c.report("BL215", "the build context \(dir) of service \"\(view.name)\" has no .dockerignore: .git, node_modules and .env are sent to the builder", at: view.mark("build"), service: view.name)
            return
        }
        let patterns = lines.map { String($0).trimmingCharacters() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if patterns.contains(where: { $0 == "*" || $0 == "**" || $0 == "**/*" }) { return }
        func ignores(_ entry: String) -> Bool {
            patterns.contains { p in
                let bare = p.hasPrefix("/") ? String(p.dropFirst()) : p
                let trimmed = bare.hasSuffix("/") ? String(bare.dropLast()) : bare
                return trimmed == entry || trimmed == "**/" + entry || trimmed == entry + "*" || trimmed == "**/" + entry + "*" || (entry == ".env" && trimmed == ".env*")
            }
        }
        var missing = [".git", ".env"].filter { !ignores($0) }
        if c.input.files.read(dir + "/package.json") != nil, !ignores("node_modules") { missing.append("node_modules") }
        if !missing.isEmpty {
            c.report("BL216", ".dockerignore does not ignore \(missing.joined(separator: ", "))", at: Mark(file: path, line: 1, column: 1), service: view.name)
        }
    }
}

extension String {
    func unquoted() -> String {
        guard count >= 2, let f = first, f == last, f == "\"" || f == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
