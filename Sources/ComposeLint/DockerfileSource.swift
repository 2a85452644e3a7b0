import ComposeModel
import DockerfileSyntax
import YAMLSyntax

/// A service's Dockerfile, parsed, with how its positions map to a file.
struct LoadedDockerfile {
    var dockerfile: Dockerfile
    /// The file findings name: the Dockerfile, or the compose file holding `dockerfile_inline`.
    var file: String
    /// Added to Dockerfile lines (for inline Dockerfiles inside a compose file).
    var lineOffset: Int
    var columnOffset: Int

    func mark(_ p: DockerfilePosition) -> Mark {
        Mark(file: file, line: p.line + lineOffset, column: p.column + columnOffset)
    }

    /// The stage the build produces: `build.target`, or the last one.
    func targetStage(_ target: String?) -> Stage? {
        if let target, let named = dockerfile.stages.first(where: { $0.name == target.lowercased() }) { return named }
        return dockerfile.stages.last
    }

    /// The target stage and the earlier stages it is built FROM, nearest first.
    func stageChain(_ target: String?) -> [Stage] {
        guard var stage = targetStage(target) else { return [] }
        var chain = [stage]
        while let parent = dockerfile.stages.first(where: { $0.name != nil && $0.name == stage.baseImage.lowercased() && $0.fromIndex < stage.fromIndex }) {
            chain.append(parent)
            stage = parent
        }
        return chain
    }

    /// The instructions of a chain of stages, latest last (base stage's first).
    func instructions(_ chain: [Stage]) -> [Instruction] {
        chain.reversed().flatMap { dockerfile.instructions(of: $0) }
    }
}

extension LintContext {
    /// Loads (once) the Dockerfile a service builds from; reports BL200 when it cannot be read or parsed.
    mutating func dockerfile(for service: Service, view: ServiceView?) -> LoadedDockerfile? {
        guard let build = service.build else { return nil }
        let key: String
        if let inline = build.dockerfileInline {
            key = "inline:" + service.name
            if let cached = dockerfiles[key] { return cached }
            let node = view?.value("build", "dockerfile_inline")
            let mark = node?.mark ?? view?.key.mark ?? Mark(file: input.configFiles.first ?? "", line: 1, column: 1)
            var lineOffset = 0
            var columnOffset = mark.column - 1
            if case .scalar(_, let style)? = node?.content, style == .literal || style == .folded,
               let lines = sources.lines(mark.file), lines.indices.contains(mark.line) {
                lineOffset = mark.line
                columnOffset = SourceLines.indent(lines[mark.line])
            } else {
                lineOffset = mark.line - 1
            }
            dockerfiles[key] = parse(inline, file: mark.file, lineOffset: lineOffset, columnOffset: columnOffset, service: service.name)
            return dockerfiles[key] ?? nil
        }
        guard let context = build.context, !context.contains("://"), !context.hasPrefix("git@") else { return nil }
        let name = build.dockerfile ?? "Dockerfile"
        let path = name.hasPrefix("/") ? name : context + "/" + name
        if let cached = dockerfiles[path] { return cached }
        guard let bytes = input.files.read(path) else {
            // Not a parse error: the build itself will say so; the Dockerfile rules are skipped.
            report("BL200", "cannot read Dockerfile \(path) of service \"\(service.name)\": its Dockerfile rules were skipped", at: view?.mark("build") ?? Mark(file: path, line: 1, column: 1), service: service.name, severity: .low)
            dockerfiles[path] = .some(nil)
            return nil
        }
        dockerfiles[path] = parse(String(decoding: bytes, as: UTF8.self), file: path, lineOffset: 0, columnOffset: 0, service: service.name)
        return dockerfiles[path] ?? nil
    }

    private mutating func parse(_ text: String, file: String, lineOffset: Int, columnOffset: Int, service: String) -> LoadedDockerfile? {
        do {
            let parsed = try Dockerfile.parse(text)
            return LoadedDockerfile(dockerfile: parsed, file: file, lineOffset: lineOffset, columnOffset: columnOffset)
        } catch {
            let loaded = LoadedDockerfile(dockerfile: Dockerfile.empty, file: file, lineOffset: lineOffset, columnOffset: columnOffset)
            report("BL200", "Dockerfile: \(error.message)", at: loaded.mark(error.position), service: service)
            return nil
        }
    }
}
