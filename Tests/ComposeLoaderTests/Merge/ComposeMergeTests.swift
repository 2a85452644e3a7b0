import ComposeLoader
import ComposeModel
import Testing
import YAMLSyntax

/// A merge case: base document, override document, expected merged root.
struct MergeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var base: String
    var override: String
    var expected: String
    var testDescription: String { name }
}

let mergeCases: [MergeCase] = [
    // §9.1 M1–M11
    MergeCase(
        name: "M1 environment map over map: k=v list, empty and null distinct",
        base: "services: {web: {environment: {FOO: BAR}}}",
        override: #"services: {web: {environment: {QIX: ZOT, NIL: null, EMPTY: ""}}}"#,
        expected: "services: {web: {environment: [FOO=BAR, EMPTY=, NIL, QIX=ZOT]}}"),
    MergeCase(
        name: "M2 command replaced",
        base: "services: {web: {command: [echo, foo]}}",
        override: "services: {web: {command: [echo, bar]}}",
        expected: "services: {web: {command: [echo, bar]}}"),
    MergeCase(
        name: "M3 volumes unique by target",
        base: "services: {web: {volumes: ['foo:/work']}}",
        override: "services: {web: {volumes: ['bar:/work']}}",
        expected: "services: {web: {volumes: ['bar:/work']}}"),
    MergeCase(
        name: "M4 ports !override",
        base: "services: {web: {ports: ['8080:80']}}",
        override: "services: {web: {ports: !override ['8443:443']}}",
        expected: "services: {web: {ports: ['8443:443']}}"),
    MergeCase(
        name: "M4 ports !reset",
        base: "services: {web: {image: a, ports: ['8080:80']}}",
        override: "services: {web: {ports: !reset []}}",
        expected: "services: {web: {image: a}}"),
    MergeCase(
        name: "M5 environment key !reset",
        base: "services: {web: {environment: {FOO: BAR, KEEP: '1'}}}",
        override: "services: {web: {environment: {FOO: !reset null}}}",
        expected: "services: {web: {environment: [KEEP=1]}}"),
    MergeCase(
        name: "M6 logging with another driver replaces the block",
        base: "services: {web: {logging: {driver: local, options: {max-size: 10m}}}}",
        override: "services: {web: {logging: {driver: syslog, options: {syslog-address: 'tcp://h:1'}}}}",
        expected: "services: {web: {logging: {driver: syslog, options: {syslog-address: 'tcp://h:1'}}}}"),
    MergeCase(
        name: "M7 depends_on list over map",
        base: "services: {web: {depends_on: [foo]}}",
        override: "services: {web: {depends_on: {foo: {condition: service_healthy, required: false}}}}",
        expected: "services: {web: {depends_on: {foo: {condition: service_healthy, required: false}}}}"),
    MergeCase(
        name: "M8 secrets unique by target, earlier position",
        base: "services: {web: {secrets: [foo, bar, zot]}}",
        override: "services: {web: {secrets: [{source: zot, target: /run/secrets/foo}]}}",
        expected: "services: {web: {secrets: [{source: zot, target: /run/secrets/foo}, bar, zot]}}"),
    MergeCase(
        name: "M9 dns string appended then deduplicated",
        base: "services: {web: {dns: [8.8.8.8, 10.10.10.10, 9.9.9.9]}}",
        override: "services: {web: {dns: 9.9.9.9}}",
        expected: "services: {web: {dns: [8.8.8.8, 10.10.10.10, 9.9.9.9]}}"),
    MergeCase(
        name: "M10 build string then mapping",
        base: "services: {web: {build: .}}",
        override: "services: {web: {build: {context: src}}}",
        expected: "services: {web: {build: {context: src}}}"),
    MergeCase(
        name: "M11 null does not clear",
        base: "services: {web: {image: foo}}",
        override: "services: {web: {image: null}}",
        expected: "services: {web: {image: foo}}"),

    // Generic rules
    MergeCase(
        name: "mapping merge, new keys appended, scalars replaced",
        base: "services: {web: {image: a, deploy: {replicas: 1, resources: {limits: {cpus: '1'}}}}}",
        override: "services: {web: {image: b, deploy: {resources: {limits: {memory: 1g}}}}, db: {image: pg}}",
        expected: "services: {web: {image: b, deploy: {replicas: 1, resources: {limits: {cpus: '1', memory: 1g}}}}, db: {image: pg}}"),
    MergeCase(
        name: "sequences append",
        base: "services: {web: {cap_add: [NET_ADMIN], security_opt: [a]}}",
        override: "services: {web: {cap_add: [SYS_TIME], security_opt: [b, a]}}",
        expected: "services: {web: {cap_add: [NET_ADMIN, SYS_TIME], security_opt: [a, b, a]}}"),
    MergeCase(
        name: "scalar base replaced by a mapping",
        base: "services: {web: {healthcheck: x}}",
        override: "services: {web: {healthcheck: {interval: 1s}}}",
        expected: "services: {web: {healthcheck: {interval: 1s}}}"),
    MergeCase(
        name: "command, entrypoint and healthcheck.test replaced even by null",
        base: "services: {web: {command: a, entrypoint: [sh], healthcheck: {test: [CMD, x], retries: 3}}}",
        override: "services: {web: {command: null, entrypoint: null, healthcheck: {test: null}}}",
        expected: "services: {web: {command: null, entrypoint: null, healthcheck: {test: null, retries: 3}}}"),
    MergeCase(
        name: "null keeps a collection base",
        base: "services: {web: {environment: {A: '1'}, ports: ['80'], depends_on: [db]}}",
        override: "services: {web: {environment: null, ports: null, depends_on: ~}}",
        expected: "services: {web: {environment: {A: '1'}, ports: ['80'], depends_on: [db]}}"),
    MergeCase(
        name: "x- keys replaced in objects, merged as entries in user maps",
        base: "x-common: {a: 1, b: 2}\nservices: {x-svc: {image: a, labels: [l=1]}, web: {x-meta: {a: 1}}}",
        override: "x-common: {c: 3}\nservices: {x-svc: {command: run}, web: {x-meta: {b: 2}}}",
        expected: "x-common: {c: 3}\nservices: {x-svc: {image: a, labels: [l=1], command: run}, web: {x-meta: {b: 2}}}"),
    MergeCase(
        name: "top-level resources merge",
        base: "volumes: {data: {driver: local}}\nnetworks: {front: {driver: bridge}}",
        override: "volumes: {data: {driver_opts: {type: nfs}}, logs: {}}\nnetworks: {front: {internal: true}}",
        expected: "volumes: {data: {driver: local, driver_opts: {type: nfs}}, logs: {}}\nnetworks: {front: {driver: bridge, internal: true}}"),

    // build
    MergeCase(
        name: "build string over string",
        base: "services: {web: {build: .}}",
        override: "services: {web: {build: ./src}}",
        expected: "services: {web: {build: {context: ./src}}}"),
    MergeCase(
        name: "build mapping then string keeps other keys",
        base: "services: {web: {build: {context: ., dockerfile: D, args: {A: '1'}}}}",
        override: "services: {web: {build: app}}",
        expected: "services: {web: {build: {context: app, dockerfile: D, args: {A: '1'}}}}"),
    MergeCase(
        name: "build args, labels, additional_contexts as k=v",
        base: "services: {web: {build: {args: {B: '2', A: '1'}, labels: [x=1], additional_contexts: {c: ./c}}}}",
        override: "services: {web: {build: {args: [A=9, C], labels: {x: '2'}, additional_contexts: {d: ./d}}}}",
        expected: "services: {web: {build: {args: [A=9, B=2, C], labels: [x=2], additional_contexts: [c=./c, d=./d]}}}"),
    MergeCase(
        name: "build tags unique",
        base: "services: {web: {build: {tags: [a, b]}}}",
        override: "services: {web: {build: {tags: [b, c]}}}",
        expected: "services: {web: {build: {tags: [a, b, c]}}}"),
    MergeCase(
        name: "build extra_hosts append-if-absent",
        base: "services: {web: {build: {extra_hosts: ['a:1.1.1.1']}}}",
        override: "services: {web: {build: {extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2']}}}",
        expected: "services: {web: {build: {extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2']}}}"),

    // depends_on, networks, models
    MergeCase(
        name: "depends_on lists become maps with defaults",
        base: "services: {web: {depends_on: [db]}}",
        override: "services: {web: {depends_on: [cache]}}",
        expected: """
            services: {web: {depends_on: {db: {condition: service_started, required: true},
                                          cache: {condition: service_started, required: true}}}}
            """),
    MergeCase(
        name: "depends_on map over list keeps unspecified fields",
        base: "services: {web: {depends_on: [db]}}",
        override: "services: {web: {depends_on: {db: {restart: true}}}}",
        expected: "services: {web: {depends_on: {db: {condition: service_started, required: true, restart: true}}}}"),
    MergeCase(
        name: "depends_on entry !reset removes a list item of the base",
        base: "services: {web: {depends_on: [db, cache]}}",
        override: "services: {web: {depends_on: {db: !reset null}}}",
        expected: "services: {web: {depends_on: {cache: {condition: service_started, required: true}}}}"),
    MergeCase(
        name: "networks list over map keeps the base's settings",
        base: "services: {web: {networks: {front: {aliases: [w]}}}}",
        override: "services: {web: {networks: [front, back]}}",
        expected: "services: {web: {networks: {front: {aliases: [w]}, back: null}}}"),
    MergeCase(
        name: "networks aliases unique",
        base: "services: {web: {networks: {front: {aliases: [a, b], link_local_ips: [169.254.0.1]}}}}",
        override: "services: {web: {networks: {front: {aliases: [b, c], link_local_ips: [169.254.0.1]}}}}",
        expected: "services: {web: {networks: {front: {aliases: [a, b, c], link_local_ips: [169.254.0.1]}}}}"),
    MergeCase(
        name: "models list becomes map",
        base: "services: {web: {models: [llm]}}",
        override: "services: {web: {models: {emb: {endpoint_var: E}}}}",
        expected: "services: {web: {models: {llm: null, emb: {endpoint_var: E}}}}"),

    // mergeToSequence family
    MergeCase(
        name: "environment list over map, later wins in earlier position",
        base: "services: {web: {environment: {FOO: BAR, KEEP: '1'}}}",
        override: "services: {web: {environment: [FOO=BAZ, NEW]}}",
        expected: "services: {web: {environment: [FOO=BAZ, KEEP=1, NEW]}}"),
    MergeCase(
        name: "labels and annotations and sysctls",
        base: "services: {web: {labels: {b: '2', a: '1'}, annotations: [x=1], sysctls: {net.core.somaxconn: 1024}}}",
        override: "services: {web: {labels: {a: '3'}, annotations: {y: '2'}, sysctls: [net.core.somaxconn=2048]}}",
        expected: "services: {web: {labels: [a=3, b=2], annotations: [x=1, y=2], sysctls: [net.core.somaxconn=2048]}}"),
    MergeCase(
        name: "tmpfs string and list",
        base: "services: {web: {tmpfs: /run}}",
        override: "services: {web: {tmpfs: [/run, /tmp]}}",
        expected: "services: {web: {tmpfs: [/run, /tmp]}}"),
    MergeCase(
        name: "env_file strings and mappings unique by path",
        base: "services: {web: {env_file: [a.env, {path: b.env, required: false}]}}",
        override: "services: {web: {env_file: [{path: a.env, required: false}, b.env, c.env]}}",
        expected: "services: {web: {env_file: [{path: a.env, required: false}, b.env, c.env]}}"),
    MergeCase(
        name: "label_file appends",
        base: "services: {web: {label_file: a.labels}}",
        override: "services: {web: {label_file: [b.labels]}}",
        expected: "services: {web: {label_file: [a.labels, b.labels]}}"),
    MergeCase(
        name: "dns_opt and dns_search unique",
        base: "services: {web: {dns_opt: [use-vc], dns_search: example.com}}",
        override: "services: {web: {dns_opt: [use-vc, rotate], dns_search: [example.com, b.org]}}",
        expected: "services: {web: {dns_opt: [use-vc, rotate], dns_search: [example.com, b.org]}}"),
    MergeCase(
        name: "deploy labels",
        base: "services: {web: {deploy: {labels: {a: '1'}}}}",
        override: "services: {web: {deploy: {labels: [a=2]}}}",
        expected: "services: {web: {deploy: {labels: [a=2]}}}"),
    MergeCase(
        name: "top-level network and volume labels",
        base: "networks: {n: {labels: {a: '1'}}}\nvolumes: {v: {labels: [x=1]}}",
        override: "networks: {n: {labels: [a=2, b=3]}}\nvolumes: {v: {labels: {y: '2'}}}",
        expected: "networks: {n: {labels: [a=2, b=3]}}\nvolumes: {v: {labels: [x=1, y=2]}}"),
    MergeCase(
        name: "ipam options unique",
        base: "networks: {n: {ipam: {options: [a=1]}}}",
        override: "networks: {n: {ipam: {options: [a=2]}}}",
        expected: "networks: {n: {ipam: {options: [a=2]}}}"),

    // extra_hosts
    MergeCase(
        name: "extra_hosts appends only absent items; map lists expand",
        base: "services: {web: {extra_hosts: ['alpha:1.1.1.1']}}",
        override: "services: {web: {extra_hosts: {alpha: 1.1.1.1, m: [0.0.0.1, 0.0.0.2]}}}",
        expected: "services: {web: {extra_hosts: ['alpha:1.1.1.1', alpha=1.1.1.1, m=0.0.0.1, m=0.0.0.2]}}"),
    MergeCase(
        name: "extra_hosts exact duplicate dropped",
        base: "services: {web: {extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2']}}",
        override: "services: {web: {extra_hosts: ['b:2.2.2.2', 'c:3.3.3.3']}}",
        expected: "services: {web: {extra_hosts: ['a:1.1.1.1', 'b:2.2.2.2', 'c:3.3.3.3']}}"),

    // logging, ulimits, ipam.config
    MergeCase(
        name: "logging same driver merges options",
        base: "services: {web: {logging: {driver: local, options: {max-size: 10m}}}}",
        override: "services: {web: {logging: {driver: local, options: {max-file: '3'}}}}",
        expected: "services: {web: {logging: {driver: local, options: {max-size: 10m, max-file: '3'}}}}"),
    MergeCase(
        name: "logging without driver in override merges",
        base: "services: {web: {logging: {driver: local, options: {max-size: 10m}}}}",
        override: "services: {web: {logging: {options: {max-size: 20m}}}}",
        expected: "services: {web: {logging: {driver: local, options: {max-size: 20m}}}}"),
    MergeCase(
        name: "ulimits entries replaced, not merged",
        base: "services: {web: {ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}}}",
        override: "services: {web: {ulimits: {nofile: {soft: 3}}}}",
        expected: "services: {web: {ulimits: {nproc: 65535, nofile: {soft: 3}}}}"),
    MergeCase(
        name: "ipam config merged by subnet",
        base: "networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1}, {subnet: 10.1.0.0/24}]}}}",
        override: "networks: {n: {ipam: {config: [{subnet: 10.1.0.0/24, ip_range: 10.1.0.0/28}, {subnet: 10.2.0.0/24}]}}}",
        expected: """
            networks: {n: {ipam: {config: [{subnet: 10.0.0.0/24, gateway: 10.0.0.1},
                                           {subnet: 10.1.0.0/24, ip_range: 10.1.0.0/28}, {subnet: 10.2.0.0/24}]}}}
            """),

    // unicity keys
    MergeCase(
        name: "volumes short and long unique by target",
        base: "services: {web: {volumes: ['./a:/data:ro', /anon, {type: volume, source: v, target: /v}]}}",
        override: "services: {web: {volumes: [{type: bind, source: ./b, target: /data}, 'wv:/v', /anon]}}",
        expected: "services: {web: {volumes: [{type: bind, source: ./b, target: /data}, /anon, 'wv:/v']}}"),
    MergeCase(
        name: "devices unique by container path",
        base: "services: {web: {devices: ['/dev/sda:/dev/xvda:rwm', /dev/fuse]}}",
        override: "services: {web: {devices: ['/dev/sdb:/dev/xvda', {source: /dev/x, target: /dev/fuse}]}}",
        expected: "services: {web: {devices: ['/dev/sdb:/dev/xvda', {source: /dev/x, target: /dev/fuse}]}}"),
    MergeCase(
        name: "configs unique by target else /source",
        base: "services: {web: {configs: [a, {source: b, target: /etc/b}]}}",
        override: "services: {web: {configs: [{source: c, target: /a}, {source: b, target: /etc/b, mode: 0440}]}}",
        expected: "services: {web: {configs: [{source: c, target: /a}, {source: b, target: /etc/b, mode: 0440}]}}"),
    MergeCase(
        name: "ports strings by text, mappings by ip:published:target/proto",
        base: "services: {web: {ports: ['8080:80', {target: 53, published: '53', protocol: udp}, {target: 22}]}}",
        override: "services: {web: {ports: ['8080:80', '9090:90', {target: 53, published: '53', protocol: udp, mode: host}, {target: 22, host_ip: 127.0.0.1}]}}",
        expected: """
            services: {web: {ports: ['8080:80', {target: 53, published: '53', protocol: udp, mode: host}, {target: 22},
                                     '9090:90', {target: 22, host_ip: 127.0.0.1}]}}
            """),
    MergeCase(
        name: "expose unique, ints as strings",
        base: "services: {web: {expose: [80, '443']}}",
        override: "services: {web: {expose: ['80', 8080]}}",
        expected: "services: {web: {expose: ['80', '443', 8080]}}"),
    MergeCase(
        name: "cap_drop, links, profiles unique",
        base: "services: {web: {cap_drop: [ALL], links: ['db:database'], profiles: [a]}}",
        override: "services: {web: {cap_drop: [ALL], links: ['db:data', cache], profiles: [a, b]}}",
        expected: "services: {web: {cap_drop: [ALL], links: ['db:database', 'db:data', cache], profiles: [a, b]}}"),

    // !reset / !override (§4.3)
    MergeCase(
        name: "!reset removes a whole service and a top-level key",
        base: "services: {web: {image: a}, db: {image: b}}\nx-foo: {a: 1}",
        override: "services: {db: !reset null}\nx-foo: !reset null",
        expected: "services: {web: {image: a}}"),
    MergeCase(
        name: "!override replaces a mapping without merging, and skips special rules",
        base: "services: {web: {build: {context: ., args: {A: '1'}}, depends_on: {db: {condition: service_healthy}}}}",
        override: "services: {web: {build: !override ./src, depends_on: !override [cache]}}",
        expected: "services: {web: {build: ./src, depends_on: [cache]}}"),
    MergeCase(
        name: "!override on a key absent from the base",
        base: "services: {web: {image: a}}",
        override: "services: {web: {environment: !override {A: '1'}}}",
        expected: "services: {web: {image: a, environment: {A: '1'}}}"),
    MergeCase(
        name: "!reset sequence item only drops it from the override",
        base: "services: {web: {ports: ['80', '81']}}",
        override: "services: {web: {ports: [!reset '80', '82']}}",
        expected: "services: {web: {ports: ['80', '81', '82']}}"),
    MergeCase(
        name: "!reset inside a new value is stripped",
        base: "services: {web: {image: a}}",
        override: "services: {web: {deploy: {replicas: 2, labels: !reset {}}, environment: {A: '1', B: !reset null}}}",
        expected: "services: {web: {image: a, deploy: {replicas: 2}, environment: {A: '1'}}}"),
    MergeCase(
        name: "!reset of a label removes it from a base list",
        base: "services: {web: {labels: [a=1, b=2]}}",
        override: "services: {web: {labels: {a: !reset null, c: '3'}}}",
        expected: "services: {web: {labels: [b=2, c=3]}}"),
    MergeCase(
        name: "!reset on a nested key of a merged mapping",
        base: "services: {web: {deploy: {replicas: 2, resources: {limits: {cpus: '1'}}}}}",
        override: "services: {web: {deploy: {resources: !reset null}}}",
        expected: "services: {web: {deploy: {replicas: 2}}}"),
]

@Test(arguments: mergeCases)
func mergeRule(_ c: MergeCase) throws {
    let result = ComposeMerge.merge(base: try yaml(c.base, file: "base.yaml"), override: try yaml(c.override, file: "override.yaml"))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(Plain(result.node) == Plain(try yaml(c.expected)), "got \(Plain(result.node))")
}

@Test func mismatchIsLocatedAtTheOverrideNode() throws {
    let base = try yaml("services:\n  web:\n    deploy: {replicas: 1}\n    ports: ['80']\n", file: "a.yaml")
    let override = try yaml("services:\n  web:\n    deploy: 3\n    ports: {x: 1}\n", file: "b.yaml")
    let result = ComposeMerge.merge(base: base, override: override)
    #expect(
        result.diagnostics == [
            .error("cannot override services.web.deploy", path: "services.web.deploy", at: SourceLocation(file: "b.yaml", line: 3, column: 13)),
            .error("cannot override services.web.ports", path: "services.web.ports", at: SourceLocation(file: "b.yaml", line: 4, column: 12)),
        ])
    // The base value stays.
    #expect(Plain(result.node) == Plain(base))
}

@Test func mergeServiceUsesServicePath() throws {
    let result = ComposeMerge.mergeService(
        base: try yaml("environment: {A: '1'}\nvolumes: [a]"), override: try yaml("environment: [B=2]\nvolumes: {x: 1}"), name: "api")
    #expect(result.diagnostics.map(\.message) == ["cannot override services.api.volumes"])
    #expect(Plain(result.node) == Plain(try yaml("environment: [A=1, B=2]\nvolumes: [a]")))
}

@Test func stripResetTagsOnASingleDocument() throws {
    let doc = try yaml("services: {web: {image: a, ports: !reset [], environment: {A: !reset, B: '1'}, cap_add: [!reset X, Y], dns: !override [d]}}")
    let stripped = ComposeMerge.stripResetTags(doc)
    #expect(Plain(stripped) == Plain(try yaml("services: {web: {image: a, environment: {B: '1'}, cap_add: [Y], dns: [d]}}")))
    #expect(at(stripped, "services.web.dns")?.tag == nil)
}

@Test func mergedValuesKeepTheirOwnMarks() throws {
    let base = try yaml(
        """
        services:
          web:
            image: a
            user: root
            ports: ['80:80']
            environment: {A: '1'}
        """, file: "/p/a.yaml")
    let override = try yaml(
        """
        services:
          web:
            image: b
            ports: ['81:81']
            environment: {B: '2'}
        """, file: "/p/b.yaml")
    let merged = ComposeMerge.merge(base: base, override: override).node
    #expect(at(merged, "services.web.image")?.mark == Mark(file: "/p/b.yaml", line: 3, column: 12))
    #expect(at(merged, "services.web.user")?.mark == Mark(file: "/p/a.yaml", line: 4, column: 11))
    let ports = try #require(at(merged, "services.web.ports")?.sequence)
    #expect(ports.map(\.mark.file) == ["/p/a.yaml", "/p/b.yaml"])
    let env = try #require(at(merged, "services.web.environment")?.sequence)
    #expect(env.map(\.scalar) == ["A=1", "B=2"])
    #expect(env.map(\.mark) == [Mark(file: "/p/a.yaml", line: 6, column: 22), Mark(file: "/p/b.yaml", line: 5, column: 22)])
}

@Test func threeFilesInARow() throws {
    let a = try yaml("services: {web: {image: a, environment: {A: '1'}, ports: ['80']}}")
    let b = try yaml("services: {web: {environment: [A=2, B], ports: !reset []}}")
    let c = try yaml("services: {web: {environment: {B: x}, ports: ['90']}}")
    let ab = ComposeMerge.merge(base: a, override: b)
    let abc = ComposeMerge.merge(base: ab.node, override: c)
    #expect(Plain(abc.node) == Plain(try yaml("services: {web: {image: a, environment: [A=2, B=x], ports: ['90']}}")))
}

@Test func enforceUnicityAloneDeduplicates() throws {
    let doc = try yaml("services: {web: {ports: ['80', '80'], environment: [A=1, A=2]}}")
    #expect(Plain(ComposeMerge.enforceUnicity(doc)) == Plain(try yaml("services: {web: {ports: ['80'], environment: [A=2]}}")))
}

@Test func mergingTwo500ServiceDocumentsIsFast() throws {
    func document(_ tag: String) -> String {
        var s = "services:\n"
        for i in 0..<500 {
            s += """
                  svc\(i):
                    image: img\(tag)
                    environment: {A: '\(tag)', B_\(tag): x}
                    ports: ['\(8000 + i):80']
                    volumes: ['data\(i):/data', './\(tag):/src']
                    labels: [l\(tag)=1]
                    depends_on: [svc\((i + 1) % 500)]
                    deploy: {resources: {limits: {cpus: '1'}}}

                """
        }
        return s
    }
    let base = try yaml(document("a")), override = try yaml(document("b"))
    let clock = ContinuousClock()
    var result: (node: Node, diagnostics: [Diagnostic])?
    let elapsed = clock.measure { result = ComposeMerge.merge(base: base, override: override) }
    let merged = try #require(result)
    #expect(merged.node["services"]?.mapping?.count == 500)
    #expect(at(merged.node, "services.svc7.volumes")?.sequence?.count == 2)
    #expect(elapsed < .seconds(8), "merge took \(elapsed)")
}
