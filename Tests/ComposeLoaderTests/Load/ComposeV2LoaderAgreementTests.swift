import BerthBasics
import ComposeLoader
import ComposeModel
import Testing
import YAMLSyntax

/// Loader-side disagreements with Docker Compose v2.40.3 (issue 9), each checked against v2 on a
/// small file and fixed as v2 behaves, or recorded where Berth decides otherwise and why.
/// BerthCommandsTests.ComposeV2LoaderFieldTests compares the printed fields with v2 itself.
@Suite struct ComposeV2LoaderAgreementTests {
    // MARK: label_file

    @Test func labelFilesMergeUnderLabels() throws {
        let p = try load([
            "/work/compose.yaml": """
                services:
                  web:
                    image: x
                    label_file: [./a.labels, b.labels]
                    labels: {over: fromlabels}
                """,
            "/work/a.labels": "A=1\nover=fromfile\n# comment\nB=\"quoted\"\nC\n",
            // `${X}` and `${A}` resolve from the labels read so far, not the environment.
            "/work/b.labels": "A=2\nD=${X:-d}\nE=${A}\n",
        ], env: ["X": "from-env", "C": "from-env"])
        let web = try #require(p.project.services["web"])
        #expect(web.labels == ["A": "2", "B": "quoted", "D": "d", "E": "1", "over": "fromlabels"])
        #expect(web.labelFile.isEmpty)
    }

    @Test func labelFileAloneAndWithoutInterpolation() throws {
        let files = [
            "/work/compose.yaml": "services:\n  web:\n    image: x\n    label_file: ~/l\n",
            "/home/user/l": "team=core\n",
        ]
        let p = try load(files)
        #expect(p.project.services["web"]?.labels == ["team": "core"])
        // `config --hash` loads without resolving env_file; labels are still resolved (as v2).
        let h = try load(files, options: { $0.resolveEnvironment = false })
        #expect(h.project.services["web"]?.labels == ["team": "core"])
        #expect(h.project.services["web"]?.labelFile == [])
    }

    @Test func missingLabelFileIsALocatedError() {
        let errors = loadErrors([
            "/work/compose.yaml": "services:\n  web:\n    image: x\n    label_file:\n      - a.labels\n      - gone.labels\n",
            "/work/a.labels": "A=1\n",
        ])
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("label file /work/gone.labels not found") == true)
        #expect(errors.first?.location == SourceLocation(file: "/work/compose.yaml", line: 6, column: 9))
        #expect(errors.first?.path == "services.web.label_file[1]")
    }

    // MARK: build.additional_contexts

    @Test func additionalContextLocalPathsAreAbsolute() throws {
        let p = try load([
            "/work/compose.yaml": """
                services:
                  web:
                    build:
                      context: ./app
                      additional_contexts:
                        local: ./other
                        up: ../up
                        home: ~/foo
                        abs: /abs/x
                        img: docker-image://alpine
                        oci: oci-layout://./layout
                        svc: service:base
                        url: https://github.com/x/y.git
                        git: git@github.com:x/y.git
                        gh: github.com/x/y
                  base:
                    build: ./b
                """,
        ])
        let contexts = try #require(p.project.services["web"]?.build?.additionalContexts)
        #expect(contexts == [
            "local": "/work/other", "up": "/up", "home": "/home/user/foo", "abs": "/abs/x",
            "img": "docker-image://alpine", "oci": "oci-layout://./layout", "svc": "service:base",
            "url": "https://github.com/x/y.git", "git": "git@github.com:x/y.git", "gh": "github.com/x/y",
        ])
    }

    @Test func additionalContextsOfIncludedAndExtendedFilesKeepTheirDirectory() throws {
        let p = try load([
            "/work/compose.yaml": """
                include: [inc/compose.yaml]
                services:
                  ext:
                    extends: {file: lib/base.yaml, service: b}
                """,
            "/work/inc/compose.yaml": "services:\n  i:\n    build:\n      additional_contexts: [ctx=./here, img=docker-image://x]\n",
            "/work/lib/base.yaml": "services:\n  b:\n    build:\n      additional_contexts: {ctx: ./there}\n",
        ])
        #expect(p.project.services["i"]?.build?.additionalContexts == ["ctx": "/work/inc/here", "img": "docker-image://x"])
        #expect(p.project.services["ext"]?.build?.additionalContexts == ["ctx": "/work/lib/there"])
    }

    @Test func serviceContextMustNameABuildableService() {
        let errors = loadErrors([
            "/work/compose.yaml": """
                services:
                  web:
                    build: {context: ., additional_contexts: {a: "service:nope", b: "service:img"}}
                  img: {image: x}
                """,
        ])
        #expect(errors.map(\.message) == [
            "service \"web\" declares unknown service \"nope\" as additional contexts a: define it under `services:`",
            "service \"web\" declares non-buildable service \"img\" as additional contexts b: give img a `build:` section",
        ])
    }

    // MARK: include env_file

    @Test func includeEnvFileFillsListEntriesOnly() throws {
        let p = try load([
            "/work/compose.yaml": """
                include:
                  - path: sub/compose.yaml
                    env_file: inc.env
                services:
                  top: {image: t, environment: [FOO, TOPONLY]}
                """,
            "/work/inc.env": "FOO=from-inc\nBAR=bar-inc\nTAG=1.2\n",
            "/work/.env": "TOPONLY=from-dotenv\n",
            "/work/sub/.env": "BAZ=unused-when-env_file-is-given\n",
            "/work/sub/compose.yaml": """
                services:
                  app:
                    image: a:${TAG}
                    environment: [FOO, BAR, BAZ, TOPONLY, "QUX=${BAR}"]
                  map:
                    image: m
                    environment: {BAR: , TOPONLY: }
                """,
        ], env: ["FOO": "os"])
        let s = p.project.services
        #expect(s["app"]?.image == "a:1.2")
        // The including project's environment wins over the include's env_file.
        let app: [String: String?] = ["FOO": "os", "BAR": "bar-inc", "BAZ": nil, "TOPONLY": "from-dotenv", "QUX": "bar-inc"]
        #expect(s["app"]?.environment == app)
        // Decision, as v2.40.3: a mapping entry with no value is resolved later, from the
        // including project's environment only (compose-go fills `- NAME` items of an included
        // file, not `NAME:` keys). Differing here would give the containers another environment.
        let map: [String: String?] = ["BAR": nil, "TOPONLY": "from-dotenv"]
        #expect(s["map"]?.environment == map)
        // The include's env files are its own: the including file's services never see them.
        #expect(s["top"]?.environment == ["FOO": "os", "TOPONLY": "from-dotenv"])
    }

    @Test func includeDotEnvFillsListEntries() throws {
        let p = try load([
            "/work/compose.yaml": "include: [sub/compose.yaml]\n",
            "/work/sub/.env": "BAZ=sub-dotenv\n",
            "/work/sub/compose.yaml": "services:\n  app:\n    image: a\n    environment: [BAZ]\n",
        ])
        #expect(p.project.services["app"]?.environment == ["BAZ": "sub-dotenv"])
    }

    // MARK: extends.file in an included file

    @Test func extendsFileInAnIncludeResolvesFromItsProjectDirectory() throws {
        let p = try load([
            "/work/compose.yaml": "include:\n  - path: sub/compose.yaml\n    project_directory: pd\n",
            "/work/sub/compose.yaml": "services:\n  app:\n    extends: {file: base.yaml, service: b}\n",
            "/work/sub/base.yaml": "services: {b: {image: from-file-dir}}\n",
            "/work/pd/base.yaml": "services: {b: {image: from-project-dir, build: ./ctx}}\n",
        ])
        #expect(p.project.services["app"]?.image == "from-project-dir")
        #expect(p.project.services["app"]?.build?.context == "/work/pd/ctx")
    }

    @Test func extendsFileOfALaterFileResolvesFromTheProjectDirectory() throws {
        // As compose-go: `-f main.yaml -f sub/over.yaml` reads sub/over.yaml's `extends.file`
        // from the project directory; a file reached through extends keeps its own directory.
        let p = try load([
            "/work/main.yaml": "services: {x: {image: x}}\n",
            "/work/sub/over.yaml": "services:\n  o:\n    extends: {file: lib/base.yaml, service: b}\n",
            "/work/lib/base.yaml": "services:\n  b:\n    extends: {file: more.yaml, service: m}\n",
            "/work/lib/more.yaml": "services: {m: {image: from-lib}}\n",
            "/work/sub/lib/base.yaml": "services: {b: {image: wrong}}\n",
        ], options: { $0.configFiles = ["main.yaml", "sub/over.yaml"] })
        #expect(p.project.services["o"]?.image == "from-lib")
    }

    // MARK: --no-interpolate

    @Test func uninterpolatedModelKeepsVariables() throws {
        var options = LoadOptions(environment: ["PORT": "1"])
        options.configFiles = ["compose.yaml"]
        let fs = InMemoryFileSystem(files: [
            "/work/compose.yaml": "services:\n  web:\n    image: x:${TAG}\n    ports: [\"${PORT:-8080}:80\", 9000]\n    volumes: [./d:/d]\n",
        ])
        let model = try ProjectLoader.loadUninterpolatedModel(options, fileSystem: fs)
        let web = try #require(model["services"]?["web"])
        #expect(web["image"]?.scalar == "x:${TAG}")
        // A port that does not parse keeps the whole list as written, as compose-go does.
        #expect(web["ports"]?.sequence?.map { $0.scalar } == ["${PORT:-8080}:80", "9000"])
        #expect(web["volumes"]?.sequence?.first?["source"]?.scalar == "/work/d")
        #expect(web["networks"]?.mapping?.map { $0.key.scalar } == ["default"])
        #expect(model["networks"]?["default"]?["name"]?.scalar == "work_default")
        #expect(ModelJSON.render(model).contains("\"${PORT:-8080}:80\""))
    }

    // MARK: platform

    @Test func platformMustBeAmongBuildPlatforms() {
        let errors = loadErrors([
            "/work/compose.yaml": """
                services:
                  web:
                    platform: linux/arm64
                    build: {context: ., platforms: [linux/amd64, linux/riscv64]}
                  ok:
                    platform: linux/amd64
                    build: {context: ., platforms: [linux/amd64]}
                """,
        ])
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("service.build.platforms MUST include service.platform \"linux/arm64\"") == true)
        #expect(errors.first?.location == SourceLocation(file: "/work/compose.yaml", line: 3, column: 15))
    }

    // MARK: configs

    @Test func configFromEnvironmentOnly() throws {
        let p = try load([
            "/work/compose.yaml": """
                services:
                  web: {image: x, configs: [c, d]}
                configs:
                  c: {environment: CVAL}
                  d: {environment: UNSET}
                """,
        ], env: ["CVAL": "hello"])
        #expect(p.project.configs["c"]?.environment == "CVAL")
        #expect(p.project.configs["c"]?.content == "hello")
        #expect(p.project.configs["d"]?.content == nil)
        let errors = loadErrors(["/work/compose.yaml": "services: {}\nconfigs:\n  c: {environment: A, content: x}\n"])
        #expect(errors.map(\.message) == ["configs.c: file|environment|content attributes are mutually exclusive"])
    }

    // MARK: mounts

    @Test("a mount without a target", arguments: ["{type: tmpfs}", "{type: volume, source: data}", "{type: bind, source: ./x}", "{type: image, source: alpine}"])
    func mountWithoutTarget(_ item: String) {
        let errors = loadErrors(["/work/compose.yaml": "services:\n  web:\n    image: x\n    volumes:\n      - \(item)\nvolumes: {data: {}}\n"])
        #expect(errors.first?.message == "service volume services.web.volumes[0] is missing a mount target: add `target:`, the path inside the container")
        #expect(errors.first?.location == SourceLocation(file: "/work/compose.yaml", line: 5, column: 9))
    }

    @Test func tmpfsPathsAreMountTargetsToo() {
        let errors = loadErrors([
            "/work/compose.yaml": """
                services:
                  web:
                    image: x
                    tmpfs: [/a, "/b:size=1", "/b"]
                    volumes: ["data:/a/", {type: tmpfs, target: /c}, {type: tmpfs, target: /c}]
                volumes: {data: {}}
                """,
        ])
        let hint = ": a container path takes one mount; remove one of them or give it another target"
        #expect(errors.map(\.message) == [
            "services.web.tmpfs[2]: target /b already mounted as services.web.tmpfs[1]" + hint,
            "services.web.volumes[0]: target /a already mounted as services.web.tmpfs[0]" + hint,
            "services.web.volumes[2]: target /c already mounted as services.web.volumes[1]" + hint,
        ])
        #expect(errors.map { $0.location?.line } == [4, 5, 5])
    }

    @Test func repeatedVolumeTargetInOneFile() {
        // Decision: Compose v2 folds `volumes` by target within one file and silently keeps the
        // last (`data:/a` is dropped for `./x:/a`); it also folds identical `tmpfs` entries.
        // Berth reports the repeat: a mount the user wrote vanishing without a word loses data.
        // Across files (`-f`, extends) the later entry replaces the earlier one, as in v2.
        let errors = loadErrors([
            "/work/compose.yaml": "services:\n  web:\n    image: x\n    volumes: [\"data:/a\", \"./x:/a\"]\nvolumes: {data: {}}\n",
        ])
        #expect(errors.first?.message.hasPrefix("services.web.volumes[1]: target /a already mounted as services.web.volumes[0]") == true)
        let merged = try? load([
            "/work/compose.yaml": "services:\n  web:\n    image: x\n    volumes: [\"data:/a\"]\nvolumes: {data: {}}\n",
            "/work/compose.override.yaml": "services:\n  web:\n    volumes: [\"./x:/a\"]\n",
        ])
        #expect(merged?.project.services["web"]?.volumes.map(\.source) == ["/work/x"])
    }
}
