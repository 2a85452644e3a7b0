import Foundation
import Testing

/// `berth config --format json` against `compose-v2 config --format json` on the loader
/// disagreements of issue 9: the same files, the named fields compared as parsed JSON, and the
/// same accept/reject (or a recorded reason). compose-v2 must be installed (scripts/compose-v2).
@Suite struct ComposeV2LoaderFieldTests {
    struct Outputs {
        var berth: BerthBinary.Result
        var v2: BerthBinary.Result

        func value(_ result: BerthBinary.Result, _ path: [String]) -> Any? {
            var node: Any? = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
            for key in path { node = (node as? [String: Any])?[key] }
            return node
        }

        /// A value re-encoded with sorted keys, to compare two parsed documents.
        static func canonical(_ value: Any?) -> String? {
            guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }

        /// The field as both print it; fails when they differ.
        func expectSame(_ path: [String], sourceLocation: SourceLocation = #_sourceLocation) {
            let b = value(berth, path), v = value(v2, path)
            let same = Self.canonical(b) == Self.canonical(v)
            #expect(same, "\(path.joined(separator: ".")): berth \(String(describing: b)) v2 \(String(describing: v))", sourceLocation: sourceLocation)
        }
    }

    static func config(_ files: [String: String], args: [String] = [], env: [String: String] = [:]) throws -> Outputs {
        let dir = try TempProject(files)
        defer { dir.cleanup() }
        let command = ["config", "--format", "json"] + args
        let berth = try BerthBinary.run(command, in: dir.path, env: env)
        let v2 = try ComposeV2InteropTests.v2(command, in: dir, env: env)
        return Outputs(berth: berth, v2: v2)
    }

    @Test func labelFile() throws {
        let o = try Self.config([
            "compose.yaml": "services:\n  web:\n    image: x\n    label_file: [./a.labels, b.labels]\n    labels: {over: fromlabels}\n",
            "a.labels": "A=1\nover=fromfile\nB=\"quoted\"\nC\n",
            "b.labels": "A=2\nD=${X:-d}\nE=${A}\n",
        ], env: ["X": "from-env"])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        o.expectSame(["services", "web", "labels"])
        o.expectSame(["services", "web", "label_file"])
        #expect(o.value(o.berth, ["services", "web", "label_file"]) == nil)
    }

    @Test func missingLabelFileIsRejectedByBoth() throws {
        let o = try Self.config(["compose.yaml": "services:\n  web:\n    image: x\n    label_file: gone.labels\n"])
        #expect(o.berth.status != 0 && o.v2.status != 0)
        #expect(o.berth.stderr.contains("compose.yaml:4:17: error: label file"), "\(o.berth.stderr)")
    }

    @Test func additionalContexts() throws {
        let o = try Self.config([
            "compose.yaml": """
                services:
                  web:
                    build:
                      context: ./app
                      additional_contexts:
                        local: ./other
                        up: ../up
                        home: ~/foo
                        img: docker-image://alpine
                        oci: oci-layout://./layout
                        svc: service:base
                        url: https://github.com/x/y.git
                  base:
                    build: ./b
                """,
        ])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        o.expectSame(["services", "web", "build", "additional_contexts"])
    }

    @Test func includeEnvFile() throws {
        let o = try Self.config([
            "compose.yaml": "include:\n  - path: sub/compose.yaml\n    env_file: inc.env\nservices:\n  top: {image: t, environment: [FOO, TOPONLY]}\n",
            "inc.env": "FOO=from-inc\nBAR=bar-inc\nTAG=1.2\n",
            ".env": "TOPONLY=from-dotenv\n",
            "sub/.env": "BAZ=sub\n",
            "sub/compose.yaml": """
                services:
                  app:
                    image: a:${TAG}
                    environment: [FOO, BAR, BAZ, TOPONLY, "QUX=${BAR}"]
                  map:
                    image: m
                    environment: {BAR: , TOPONLY: }
                """,
        ], env: ["FOO": "os"])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        for service in ["app", "map", "top"] {
            o.expectSame(["services", service, "environment"])
            o.expectSame(["services", service, "image"])
        }
    }

    @Test func extendsInAnInclude() throws {
        let o = try Self.config([
            "compose.yaml": "include:\n  - path: sub/compose.yaml\n    project_directory: pd\n",
            "sub/compose.yaml": "services:\n  app:\n    extends: {file: base.yaml, service: b}\n",
            "sub/base.yaml": "services: {b: {image: from-file-dir}}\n",
            "pd/base.yaml": "services: {b: {image: from-project-dir, build: ./ctx}}\n",
        ])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        o.expectSame(["services", "app", "image"])
        o.expectSame(["services", "app", "build", "context"])
    }

    /// An included resource defined again, differently, by the including file or by a second
    /// include is refused by both (v2: "services.a conflicts with imported resource"); the
    /// same definition twice is accepted by both.
    /// (v2 compares the included definition in its canonical form, so one with short
    /// syntaxes or relative paths never equals the including file's, even written alike.)
    @Test("include conflicts", arguments: [
        (["compose.yaml": "include: [sub/compose.yaml]\nservices:\n  a: {image: other}\n"], false, "compose.yaml:3:3"),
        (["compose.yaml": "include: [sub/compose.yaml, two/compose.yaml]\n", "two/compose.yaml": "volumes:\n  v: {driver: other}\n"], false, "two/compose.yaml:2:3"),
        (["compose.yaml": "include: [sub/compose.yaml]\nservices:\n  a:\n    image: \"x\"\n    labels: {l: \"1\"}\n    command: [a, b]\nvolumes:\n  v: {}\n"], true, ""),
        (["compose.yaml": "include: [sub/compose.yaml]\nservices:\n  a:\n    image: x\n    labels: {l: 1}\n    command: [a, b]\n"], false, "compose.yaml:3:3"),
        (["compose.yaml": "include: [sub/compose.yaml]\nvolumes:\n  v:\n"], false, "compose.yaml:3:3"),
        (["compose.yaml": "include: [sub/compose.yaml, two/compose.yaml]\n", "two/compose.yaml": "services:\n  a:\n    image: x\n    labels: {l: \"1\"}\n    command: [a, b]\n"], true, ""),
        (["compose.yaml": "include: [sub/compose.yaml]\nservices:\n  b: {image: x}\nnetworks:\n  n: {}\n"], true, ""),
        (["compose.yaml": "include: [p/compose.yaml]\nservices:\n  p:\n    image: x\n    ports: [\"80\"]\n", "p/compose.yaml": "services:\n  p:\n    image: x\n    ports: [\"80\"]\n"], false, "compose.yaml:3:3"),
        (["compose.yaml": "include: [p/compose.yaml]\nservices:\n  p:\n    image: x\n    build: .\n", "p/compose.yaml": "services:\n  p:\n    image: x\n    build: .\n"], false, "compose.yaml:3:3"),
        (["compose.yaml": "include: [p/compose.yaml]\nservices:\n  p:\n    image: x\n    environment: [A=1]\n    healthcheck: {test: \"true\"}\n", "p/compose.yaml": "services:\n  p:\n    image: x\n    environment: [A=1]\n    healthcheck: {test: \"true\"}\n"], true, ""),
    ])
    func includeConflicts(_ files: [String: String], accepted: Bool, location: String) throws {
        var all = files
        all["sub/compose.yaml"] = "services:\n  a:\n    labels: {l: \"1\"}\n    image: x\n    command: [a, b]\nvolumes:\n  v: {}\n"
        let o = try Self.config(all)
        #expect((o.v2.status == 0) == accepted, "v2: \(o.v2.stderr)")
        #expect((o.berth.status == 0) == accepted, "berth: \(o.berth.stderr)")
        if accepted {
            o.expectSame(["services"])
            o.expectSame(["volumes"])
        } else {
            #expect(o.v2.stderr.contains("conflicts with imported resource"))
            #expect(o.berth.stderr.contains("\(location): error: "), "\(o.berth.stderr)")
            #expect(o.berth.stderr.contains("conflicts with imported resource"))
        }
    }

    /// Plain scalars go-yaml v3 (Compose's YAML reader) types differently from YAML 1.2:
    /// `1_000`, `0x50`, `0o17`, `+5` are integers (printed in decimal where a string or number
    /// is taken, accepted by number fields), `80.0`, `08` and `1e3` floats (refused by
    /// `expose`/`group_add`), and unquoted dates timestamps, which no Compose field takes.
    @Test("go-yaml scalars", arguments: [
        ("expose: [1_000, 0x50, +5, 017, \"08\"]", true),
        ("group_add: [1_000, 0o17, \"1_000\"]", true),
        ("cpus: 1_0\n    shm_size: 1_000\n    pids_limit: 0x10", true),
        ("environment: {A: 1_000, B: 0x1F, C: 017}\n    labels: {a: 1_000, b: \"2001-12-14\", c: 2001-02-30}", true),
        ("x-date: 2001-12-14\n    labels: {a: 2001-12-14 21:59:43.10 -5, b: 2001-12-14T25:00:00Z}", true),
        ("expose: [80.0]", false),
        ("expose: [08]", false),
        ("group_add: [1.5]", false),
        ("group_add: [true]", false),
        ("expose: [2001-12-14]", false),
        ("labels: {a: 2001-12-14}", false),
        ("environment: {A: 2001-12-14T21:59:43Z}", false),
        ("labels: {a: 2001-2-3t1:2:3.5-05:00}", false),
    ])
    func goYAMLScalars(_ fragment: String, accepted: Bool) throws {
        let o = try Self.config(["compose.yaml": "services:\n  a:\n    image: x\n    \(fragment)\n"])
        #expect((o.v2.status == 0) == accepted, "v2: \(o.v2.stderr)")
        #expect((o.berth.status == 0) == accepted, "berth: \(o.berth.stderr)")
        if accepted {
            o.expectSame(["services", "a"])
        } else {
            #expect(o.berth.stderr.contains("compose.yaml:4:"), "\(o.berth.stderr)")
        }
    }

    /// Ports are one per compose-go key (host address, published, target, protocol, with Go's
    /// formatting of the published value): a later entry replaces an earlier one in its place,
    /// mode and name included; an integer `published:` is not the same key as `"8080:80"`.
    /// Found by the generative test (seed 18317311882825388374).
    @Test("port keys", arguments: [
        "      - target: 443\n        protocol: tcp\n        mode: host\n      - \"443\"\n      - \"8080\"\n",
        "      - \"8080:80\"\n      - {target: 80, published: 8080}\n",
        "      - \"8080:80\"\n      - {target: 80, published: \"8080\", name: web}\n",
        "      - {target: 80, mode: host}\n      - \"81\"\n      - \"80\"\n",
        "      - \"127.0.0.1:8080:80\"\n      - {target: 80, published: \"8080\", host_ip: 127.0.0.1, mode: host}\n",
        "      - \"9000-9001:9000-9001\"\n      - \"9000-9001:9000-9001\"\n      - \"80/udp\"\n      - {target: 80, protocol: udp, mode: host}\n",
    ])
    func portKeys(_ ports: String) throws {
        let o = try Self.config(["compose.yaml": "services:\n  s0:\n    image: x\n    ports:\n" + ports])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        o.expectSame(["services", "s0", "ports"])
    }

    @Test func configFromEnvironment() throws {
        let o = try Self.config([
            "compose.yaml": "services:\n  web: {image: x, configs: [c]}\nconfigs:\n  c: {environment: CVAL}\n",
        ], env: ["CVAL": "hello"])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        o.expectSame(["configs", "c"])
    }

    @Test("rejected by both", arguments: [
        "services:\n  web:\n    platform: linux/arm64\n    build: {context: ., platforms: [linux/amd64]}\n",
        "services:\n  web:\n    image: x\n    volumes: [{type: tmpfs}]\n",
        "services:\n  web:\n    image: x\n    volumes: [{type: volume, source: data}]\nvolumes: {data: {}}\n",
        "services:\n  web:\n    image: x\n    tmpfs: [/a]\n    volumes: [\"data:/a\"]\nvolumes: {data: {}}\n",
        "services:\n  web:\n    image: x\n    tmpfs: [/b, \"/b:size=1\"]\n",
        "services:\n  web:\n    build: {context: ., additional_contexts: {a: \"service:nope\"}}\n",
        "services:\n  web:\n    build: {context: ., additional_contexts: {a: \"service:img\"}}\n  img: {image: x}\n",
    ])
    func rejectedByBoth(_ file: String) throws {
        let o = try Self.config(["compose.yaml": file])
        #expect(o.v2.status != 0)
        #expect(o.berth.status != 0)
        // Located: file:line:col.
        #expect(o.berth.stderr.contains("compose.yaml:"), "\(o.berth.stderr)")
    }

    /// `config --no-interpolate`: the canonical, uninterpolated model, byte for byte as v2 prints it.
    @Test("no-interpolate model", arguments: [
        """
        services:
          web:
            image: nginx:${TAG:-latest}
            ports: ["${PORT:-8080}:80", 9000]
            environment: [A=$HOME, B]
            volumes: [./data:/data, cache:/cache]
            build: .
            deploy: {replicas: "${N:-2}"}
            env_file: .env2
        volumes:
          cache: {}
        """,
        """
        name: nine
        include:
          - path: inc/compose.yaml
            env_file: inc.env
        services:
          web:
            image: "nginx:${TAG:-1}"
            build:
              context: ./app
              args: [A, B=2, UNSETARG]
              additional_contexts: {x: ./x, "y": "docker-image://a"}
            depends_on: [db]
            links: ["cache:c"]
            networks: [front]
            ports: ["8080:80", "127.0.0.1:9000-9001:90-91/udp", {target: 22, published: "2222"}]
            volumes: ["./src:/src:ro", "data:/data", "/anon/"]
            secrets: [s]
            configs: [c]
            environment: {A: , B: x, C: }
            env_file: [.env2]
            label_file: l.labels
            dns: 8.8.8.8
            pull_policy: if_not_present
            extends: base
          base:
            image: b
            volumes_from: [db]
            network_mode: "service:db"
          db:
            image: "postgres:${PG}"
            depends_on:
              cache: {condition: service_healthy}
          cache:
            image: redis
        networks:
          front: {}
          ext: {external: true}
        volumes:
          data: {driver: local, driver_opts: {o: bind, device: ./d}}
          old: {external: {name: legacy}}
        secrets:
          s: {file: ./s.txt}
        configs:
          c: {environment: CVAL}
        x-extra: {a: 1}
        """,
    ])
    func noInterpolateModel(_ file: String) throws {
        let o = try Self.config([
            "compose.yaml": file, ".env2": "", "l.labels": "", "inc.env": "A=from-inc\n",
            "inc/compose.yaml": "services: {inc: {image: i, build: ., environment: [A]}}\n",
        ], args: ["--no-interpolate"], env: ["A": "from-os"])
        #expect(o.berth.status == 0 && o.v2.status == 0, "\(o.berth.stderr) \(o.v2.stderr)")
        #expect(o.berth.stdout == o.v2.stdout)
    }

    @Test func repeatedVolumeTargetIsARecordedDisagreement() throws {
        // v2 keeps only the last of two mounts at /a; Berth rejects (see MountTargets).
        let o = try Self.config(["compose.yaml": "services:\n  web:\n    image: x\n    volumes: [\"data:/a\", \"./x:/a\"]\nvolumes: {data: {}}\n"])
        #expect(o.v2.status == 0)
        #expect(o.berth.status != 0)
        #expect((o.value(o.v2, ["services", "web", "volumes"]) as? [Any])?.count == 1)
    }
}
