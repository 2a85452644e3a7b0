import ComposeLoader
import ComposeModel
import Testing
import YAMLSyntax

/// Runs extends over in-memory files: `files` maps absolute paths to YAML text; the first
/// document is `/p/compose.yaml`.
private func resolve(_ main: String, files: [String: String] = [:]) throws -> (node: Node, diagnostics: [Diagnostic]) {
    let root = try yaml(main, file: "/p/compose.yaml")
    return ComposeExtends.resolve(root: root, file: "/p/compose.yaml") { path in
        guard let text = files[path] else { throw LoadFailure(path: path) }
        return try yaml(text, file: path)
    }
}

private struct LoadFailure: Error, CustomStringConvertible {
    var path: String
    var description: String { "open \(path): no such file or directory" }
}

@Test func x1ExtendsInTheSameFile() throws {
    let r = try resolve("services: {foo: {image: busybox, extends: bar}, bar: {image: alpine, command: echo}}")
    #expect(r.diagnostics.isEmpty)
    #expect(Plain(r.node) == Plain(try yaml("services: {foo: {image: busybox, command: echo}, bar: {image: alpine, command: echo}}")))
}

@Test func x2CircularReference() throws {
    let r = try resolve("services:\n  a: {extends: b, image: x}\n  b: {extends: a, image: y}\n")
    #expect(r.diagnostics.count == 1)
    let d = try #require(r.diagnostics.first)
    #expect(d.message == "Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/compose.yaml\n  extends a in /p/compose.yaml")
    #expect(d.path == "services.b.extends")
    #expect(d.location == SourceLocation(file: "/p/compose.yaml", line: 3, column: 16))
}

@Test func selfExtensionAndLongerCycle() throws {
    let selfRef = try resolve("services: {a: {extends: a}}")
    #expect(selfRef.diagnostics.map(\.message) == ["Circular reference:\n  a in /p/compose.yaml\n  extends a in /p/compose.yaml"])
    let three = try resolve("services: {a: {extends: b}, b: {extends: c}, c: {extends: a}, d: {extends: a}}")
    #expect(three.diagnostics.map(\.message) == [
        "Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/compose.yaml\n  extends c in /p/compose.yaml\n  extends a in /p/compose.yaml"
    ])
}

@Test func cycleAcrossFiles() throws {
    let r = try resolve(
        "services: {a: {extends: {file: other.yaml, service: b}}}",
        files: ["/p/other.yaml": "services: {b: {extends: {file: compose.yaml, service: a}}}", "/p/compose.yaml": "services: {a: {extends: {file: other.yaml, service: b}}}"])
    #expect(r.diagnostics.map(\.message) == [
        "Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/other.yaml\n  extends a in /p/compose.yaml"
    ])
}

@Test func x3BaseNotFound() throws {
    let r = try resolve("services:\n  foo: {extends: nope, image: x}\n")
    #expect(r.diagnostics == [
        .error(#"cannot extend service "foo" in /p/compose.yaml: service "nope" not found"#, path: "services.foo.extends",
               at: SourceLocation(file: "/p/compose.yaml", line: 2, column: 18))
    ])
    // The failed service keeps its own keys, without extends.
    #expect(Plain(r.node) == Plain(try yaml("services: {foo: {image: x}}")))
}

@Test func x4ResetActsOnTheBase() throws {
    let r = try resolve("services: {foo: {extends: {service: bar}, volumes: !reset []}, bar: {image: alpine, volumes: ['.:/src']}}")
    #expect(r.diagnostics.isEmpty)
    let stripped = ComposeMerge.stripResetTags(r.node)
    #expect(Plain(stripped) == Plain(try yaml("services: {foo: {image: alpine}, bar: {image: alpine, volumes: ['.:/src']}}")))
}

@Test func resetMarkersSurviveForTheMergeWithEarlierFiles() throws {
    // Earlier file defines foo with volumes; this document's foo extends bar and resets volumes:
    // the reset must also remove the earlier file's volumes.
    let earlier = try yaml("services: {foo: {image: old, volumes: ['a:/a'], ports: ['80']}}")
    let r = try resolve("services: {foo: {extends: bar, volumes: !reset [], ports: !override ['90']}, bar: {image: alpine, volumes: ['.:/src'], ports: ['70']}}")
    let merged = ComposeMerge.merge(base: earlier, override: r.node)
    #expect(merged.diagnostics.isEmpty)
    #expect(at(merged.node, "services.foo")?.tag == nil)
    #expect(Plain(at(merged.node, "services.foo")!) == Plain(try yaml("{image: alpine, ports: ['90']}")))
}

@Test func serviceIsRequired() throws {
    let r = try resolve("services: {foo: {extends: {file: x.yaml}}}")
    #expect(r.diagnostics.map(\.message) == ["extends.foo.service is required"])
}

@Test func chainResolvesBaseFirstAndMergesWithTheSameRules() throws {
    let r = try resolve(
        """
        services:
          c: {image: c, environment: {A: '1'}, depends_on: [db]}
          b: {extends: c, environment: [B=2], ports: ['80']}
          a: {extends: b, environment: {A: '3'}, depends_on: {cache: {condition: service_healthy}}}
        """)
    #expect(r.diagnostics.isEmpty)
    let a = try #require(at(r.node, "services.a"))
    #expect(Plain(a) == Plain(try yaml(
        """
        image: c
        environment: [A=3, B=2]
        ports: ['80']
        depends_on: {db: {condition: service_started, required: true}, cache: {condition: service_healthy}}
        """)))
}

@Test func mergeErrorsUseTheExtendingServicePath() throws {
    let r = try resolve("services: {a: {extends: b, deploy: 3}, b: {deploy: {replicas: 1}}}")
    #expect(r.diagnostics.map(\.message) == ["cannot override services.a.deploy"])
}

@Test func notFoundInAnotherFile() throws {
    let r = try resolve(
        "services: {foo: {extends: {file: lib/other.yaml, service: bar}}}",
        files: ["/p/lib/other.yaml": "services: {baz: {image: x}}"])
    #expect(r.diagnostics.map(\.message) == [#"cannot extend service "foo" in /p/compose.yaml: service "bar" not found in lib/other.yaml"#])
}

@Test func loadFailureIsLocatedAtTheFileNode() throws {
    let r = try resolve("services:\n  foo:\n    extends: {file: missing.yaml, service: bar}\n  baz:\n    extends: {file: missing.yaml, service: bar}\n")
    #expect(r.diagnostics == [
        .error("open /p/missing.yaml: no such file or directory", path: "services.foo.extends.file",
               at: SourceLocation(file: "/p/compose.yaml", line: 3, column: 21))
    ])
}

@Test func extendsAcrossFilesRebasesRelativePaths() throws {
    let dir = try mergeFixtures() + "/extends"
    let main = dir + "/compose.yaml"
    let r = ComposeExtends.resolve(root: try loadYAMLFile(main), file: main, loadFile: loadYAMLFile)
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    let importer = try #require(at(r.node, "services.importer"))
    let expected = try yaml(
        """
        image: nginx
        build: {context: \(dir)/subdir/app, dockerfile: Dockerfile}
        env_file: [\(dir)/common/base.env, \(dir)/subdir/extra.env, {path: \(dir)/subdir/opt.env, required: false}]
        labels: {tier: base}
        command: [echo, base]
        label_file: \(dir)/subdir/labels
        volumes:
          - \(dir)/subdir/data:/data:ro
          - /opt/data:/var/lib/mysql
          - named:/named
          - {type: bind, source: \(dir)/shared, target: /shared}
          - {type: volume, source: ./notapath, target: /v}
        develop: {watch: [{path: \(dir)/subdir/src, action: sync, target: /app}]}
        environment: {LOCAL: "1"}
        """)
    #expect(Plain(importer) == Plain(expected), "got \(Plain(importer))")
    // Values keep the position of the file they came from.
    #expect(importer["image"]?.mark.file == dir + "/subdir/imported.yaml")
    #expect(importer["command"]?.mark.file == dir + "/common/base.yaml")
    #expect(importer["environment"]?.mark.file == main)
    // A same-file extends of the cross-file service, with a reset.
    let local = ComposeMerge.stripResetTags(try #require(at(r.node, "services.local")))
    #expect(local["volumes"] == nil)
    #expect(local["image"]?.scalar == "nginx")
    #expect(local["extends"] == nil)
}
