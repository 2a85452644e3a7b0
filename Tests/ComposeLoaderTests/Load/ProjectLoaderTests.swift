import ComposeLoader
import ComposeModel
import Testing

@Suite("Project loading: files, names, environment")
struct ProjectLoaderTests {
    @Test func discoversComposeYamlAndOverride() throws {
        let p = try load([
            "/work/compose.yaml": "services:\n  web:\n    image: nginx\n",
            "/work/docker-compose.override.yml": "services:\n  web:\n    environment: [A=1]\n",
        ])
        #expect(p.configFiles == ["/work/compose.yaml", "/work/docker-compose.override.yml"])
        #expect(p.project.services["web"]?.environment["A"] == "1")
        #expect(p.project.name == "work")
    }

    @Test func walksUpParentDirectories() throws {
        let p = try load(["/work/compose.yaml": "services:\n  web:\n    image: nginx\n"], cwd: "/work/sub/deeper")
        #expect(p.configFiles == ["/work/compose.yaml"])
        #expect(p.workingDirectory == "/work")
    }

    @Test func noFileIsALocatedHint() {
        let errors = loadErrors(["/elsewhere/x": ""])
        #expect(errors.first?.message.contains("no configuration file provided") == true)
    }

    @Test("project name precedence", arguments: [
        // (-p, COMPOSE_PROJECT_NAME, name: in file, expected)
        ("flag", "envname", "filename", "flag"),
        (nil, "envname", "filename", "envname"),
        (nil, nil, "My Project!", "myproject"),
        (nil, nil, nil, "work"),
    ] as [(String?, String?, String?, String)])
    func projectNamePrecedence(flag: String?, envName: String?, fileName: String?, expected: String) throws {
        var text = "services:\n  web:\n    image: nginx\n"
        if let fileName { text = "name: \"\(fileName)\"\n" + text }
        var env: [String: String] = [:]
        if let envName { env["COMPOSE_PROJECT_NAME"] = envName }
        let p = try load(["/work/compose.yaml": text], options: { $0.projectName = flag }, env: env)
        #expect(p.project.name == expected)
    }

    @Test func imperativeNameMustBeNormalised() {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  web:\n    image: nginx\n"], options: { $0.projectName = "MY_PROJECT" })
        #expect(errors.first?.message.contains(#"invalid project name "MY_PROJECT""#) == true)
    }

    @Test func projectNameIsInterpolatedEverywhere() throws {
        let p = try load([
            "/work/a.yaml": "name: interpolated\nservices:\n  web:\n    image: nginx\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n",
            "/work/b.yaml": "name: overrided\n",
        ], options: { $0.configFiles = ["a.yaml", "b.yaml"] })
        #expect(p.project.name == "overrided")
        #expect(p.project.services["web"]?.containerName == "overrided-web")
    }

    @Test func dotEnvFeedsInterpolationAndOSWins() throws {
        let p = try load([
            "/work/.env": "FOO=foo\nBAR=${FOO}\nTAG=1.0\n",
            "/work/compose.yaml": "services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      BAR: $BAR\n",
        ], env: ["FOO": "zot"])
        #expect(p.project.services["web"]?.image == "nginx:1.0")
        #expect(p.project.services["web"]?.environment["BAR"] == "zot")
    }

    @Test func composeFileFromDotEnv() throws {
        let p = try load([
            "/work/.env": "COMPOSE_FILE=one.yaml:two.yaml\n",
            "/work/one.yaml": "services:\n  a:\n    image: x\n",
            "/work/two.yaml": "services:\n  b:\n    image: y\n",
        ])
        #expect(p.project.services.keys.sorted() == ["a", "b"])
    }

    @Test func missingExplicitEnvFile() {
        let errors = loadErrors(["/work/compose.yaml": "services: {}\n"], options: { $0.envFiles = ["nope.env"] })
        #expect(errors.first?.message == "couldn't find env file: /work/nope.env")
    }

    @Test func requiredVariableErrorIsLocated() throws {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  web:\n    image: \"${TAG:?need tag}\"\n"])
        let e = try #require(errors.first)
        #expect(e.message.contains("required variable TAG is missing a value: need tag"))
        #expect(e.location == SourceLocation(file: "/work/compose.yaml", line: 3, column: 12))
        #expect(e.path == "services.web.image")
    }

    @Test func unsetVariableWarnsOnce() throws {
        let p = try load(["/work/compose.yaml": "services:\n  web:\n    image: \"nginx:${TAG}\"\n    labels: [\"a=${TAG}\"]\n"])
        #expect(p.warnings.filter { $0.message.contains("\"TAG\" variable is not set") }.count == 1)
        #expect(p.project.services["web"]?.image == "nginx:")
    }

    @Test func versionIsObsoleteWarning() throws {
        let p = try load(["/work/compose.yaml": "version: '3.8'\nservices:\n  web:\n    image: nginx\n"])
        let w = try #require(p.warnings.first { $0.message.contains("`version` is obsolete") })
        #expect(w.location?.line == 1)
    }

    @Test func stdinFile() throws {
        let p = try load([:], options: {
            $0.configFiles = ["-"]
            $0.stdin = Array("services:\n  web:\n    image: nginx\n".utf8)
        })
        #expect(p.project.services["web"]?.image == "nginx")
    }

    @Test func emptyFileIsAnError() {
        let errors = loadErrors(["/work/compose.yaml": "# nothing\n"])
        #expect(errors.first?.message == "empty compose file")
    }

    @Test func multipleDocumentsAreOverrides() throws {
        let p = try load(["/work/compose.yaml": "services:\n  web:\n    image: a\n---\nservices:\n  web:\n    image: b\n"])
        #expect(p.project.services["web"]?.image == "b")
    }

    @Test func allErrorsSortedByLine() {
        let errors = loadErrors(["/work/compose.yaml": """
            services:
              web:
                image: nginx
                networks: [missing]
                depends_on: [nothere]
              db:
                environmnet:
                  A: 1
            """])
        #expect(errors.count >= 3)
        let lines = errors.compactMap { $0.location?.line }
        #expect(lines == lines.sorted())
    }
}

@Suite("Profiles, env_file, include, consistency")
struct ProjectSemanticsTests {
    let profiled = "services:\n  foo:\n    image: a\n    profiles: [debug]\n  bar:\n    image: a\n"

    @Test func profilesFilterServices() throws {
        #expect(try load(["/work/compose.yaml": profiled]).project.services.keys.sorted() == ["bar"])
        #expect(try load(["/work/compose.yaml": profiled], options: { $0.profiles = ["debug"] }).project.services.keys.sorted() == ["bar", "foo"])
        #expect(try load(["/work/compose.yaml": profiled], env: ["COMPOSE_PROFILES": "*"]).project.services.keys.sorted() == ["bar", "foo"])
        #expect(try load(["/work/compose.yaml": profiled], options: { $0.services = ["foo"] }).project.services.keys.sorted() == ["bar", "foo"])
    }

    @Test func dependencyOnDisabledServiceNamesTheProfile() {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  web:\n    image: a\n    depends_on: [db]\n  db:\n    image: b\n    profiles: [x]\n"])
        #expect(errors.first?.message.contains(#"service "web" depends on undefined service "db""#) == true)
        #expect(errors.first?.message.contains("--profile x") == true)
    }

    @Test func envFilePrecedence() throws {
        let p = try load([
            "/work/base.env": "FOO=foo_from_file\nZOT=zot_from_file\nINTERPOLATED=${BAR}\n",
            "/work/compose.yaml": "services:\n  web:\n    image: a\n    env_file: base.env\n    environment:\n      FOO: from_environment\n      BAR: bar_from_environment\n      QIX:\n",
        ], env: ["QIX": "qix_from_os"])
        let env = try #require(p.project.services["web"]?.environment)
        #expect(env["FOO"] == "from_environment")
        #expect(env["ZOT"] == "zot_from_file")
        #expect(env["QIX"] == "qix_from_os")
        #expect(env["INTERPOLATED"] == "bar_from_environment")
        #expect(p.project.services["web"]?.envFile.isEmpty == true)
    }

    @Test func missingRequiredEnvFile() {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  web:\n    image: a\n    env_file: missing.env\n"])
        #expect(errors.first?.message.contains("env file /work/missing.env not found") == true)
        #expect(errors.first?.location?.line == 4)
    }

    @Test func optionalEnvFileMayBeMissing() throws {
        let p = try load(["/work/compose.yaml": "services:\n  web:\n    image: a\n    env_file:\n      - path: missing.env\n        required: false\n"])
        #expect(p.project.services["web"] != nil)
    }

    @Test func includeImportsWithItsOwnDirectoryAndEnv() throws {
        let p = try load([
            "/work/compose.yaml": "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: a\n    depends_on: [db]\n",
            "/work/sub/compose.yaml": "services:\n  db:\n    image: \"db:${DB_TAG}\"\n    build: ./ctx\n    env_file: db.env\n",
            "/work/sub/.env": "DB_TAG=15\n",
            "/work/sub/db.env": "X=1\n",
        ])
        let db = try #require(p.project.services["db"])
        #expect(db.image == "db:15")
        #expect(db.build?.context == "/work/sub/ctx")
        #expect(db.environment["X"] == "1")
    }

    @Test func includeParentEnvironmentWins() throws {
        let p = try load([
            "/work/compose.yaml": "include:\n  - path: sub/compose.yaml\n    env_file: sub/extra.env\nservices: {}\n",
            "/work/sub/compose.yaml": "services:\n  db:\n    image: \"db:${SOURCE}\"\n",
            "/work/sub/extra.env": "SOURCE=extends\n",
        ], env: ["SOURCE": "override"])
        #expect(p.project.services["db"]?.image == "db:override")
    }

    @Test func includeCycle() {
        let errors = loadErrors([
            "/work/compose.yaml": "include: [a.yaml]\nservices: {}\n",
            "/work/a.yaml": "include: [compose.yaml]\nservices: {}\n",
        ])
        #expect(errors.contains { $0.message.hasPrefix("include cycle detected") })
    }

    @Test func cycleReportsItsPath() {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n"])
        #expect(errors.contains { $0.message == "dependency cycle detected: a -> b -> a" })
    }

    @Test("consistency errors", arguments: [
        ("services:\n  web: {}\n", "has neither an image nor a build context"),
        ("services:\n  web:\n    image: a\n    networks: [nope]\n", "refers to undefined network nope"),
        ("services:\n  web:\n    image: a\n    volumes: [\"data:/data\"]\n", "refers to undefined volume data"),
        ("services:\n  web:\n    image: a\n    secrets: [s]\n", "refers to undefined secret s"),
        ("services:\n  web:\n    image: a\n    scale: 2\n    container_name: cc\n", "can't set container_name and"),
        ("services:\n  web:\n    image: a\n    scale: 2\n    deploy:\n      replicas: 3\n", "can't set distinct values on 'scale'"),
        ("services:\n  web:\n    image: a\n    network_mode: host\n    networks: [default]\n", "mutually exclusive `network_mode` and `networks`"),
        ("services:\n  web:\n    image: a\n    healthcheck:\n      test: [FOO]\n", "healthcheck.test must start either by"),
        ("services:\n  web:\n    image: a\n    links: [db]\n", "depends on undefined service \"db\""),
        ("services:\n  a:\n    image: x\n    container_name: cc\n  b:\n    image: x\n    container_name: cc\n", "is already in use by service a"),
        ("services: {}\nsecrets:\n  s:\n    file: a\n    environment: B\n", "mutually exclusive"),
    ])
    func consistency(yaml: String, expected: String) {
        let errors = loadErrors(["/work/compose.yaml": yaml])
        #expect(errors.contains { $0.message.contains(expected) }, "got \(errors.map(\.message))")
        #expect(errors.allSatisfy { $0.location != nil })
    }
}
