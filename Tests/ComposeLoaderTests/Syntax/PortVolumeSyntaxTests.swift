import ComposeLoader
import Testing

struct PortCase: CustomTestStringConvertible, Sendable {
    var spec: String
    var expected: [PortSpec]
    var testDescription: String { spec }
}

private func p(_ target: Int, _ published: String? = nil, ip: String? = nil, _ proto: String = "tcp") -> PortSpec {
    PortSpec(mode: "ingress", hostIP: ip, target: target, published: published, protocol: proto)
}

@Test(arguments: [
    PortCase(spec: "8080", expected: [p(8080)]),
    PortCase(spec: "80:8080", expected: [p(8080, "80")]),
    PortCase(spec: "8000-9000:80", expected: [p(80, "8000-9000")]),
    PortCase(spec: "3000-3005", expected: (3000...3005).map { p($0) }),
    PortCase(spec: "[::1]:6001:6001", expected: [p(6001, "6001", ip: "::1")]),
    PortCase(spec: "127.0.0.1:8001:8001", expected: [p(8001, "8001", ip: "127.0.0.1")]),
    PortCase(spec: "::1:6000:6000", expected: [p(6000, "6000", ip: "::1")]),
    PortCase(spec: "127.0.0.1:5000-5001:5000-5001", expected: [
        p(5000, "5000", ip: "127.0.0.1"), p(5001, "5001", ip: "127.0.0.1"),
    ]),
    PortCase(spec: "6060:6060/UDP", expected: [p(6060, "6060", "udp")]),
    PortCase(spec: "53:53/sctp", expected: [p(53, "53", "sctp")]),
    PortCase(spec: "80-82:8080-8082", expected: [p(8080, "80"), p(8081, "81"), p(8082, "82")]),
    PortCase(spec: "90-92:8090-8092/udp", expected: [p(8090, "90", "udp"), p(8091, "91", "udp"), p(8092, "92", "udp")]),
    // entries are ordered by the string "<port>/<proto>"
    PortCase(spec: "9998-10001", expected: [p(10000), p(10001), p(9998), p(9999)]),
    PortCase(spec: "127.0.0.1::80", expected: [p(80, ip: "127.0.0.1")]),
    PortCase(spec: "80/", expected: [p(80)]),
    PortCase(spec: "0.0.0.0:80:80", expected: [p(80, "80", ip: "0.0.0.0")]),
    // The single-port fast path and its edges.
    PortCase(spec: "080:0080", expected: [p(80, "80")]),
    PortCase(spec: "0:0", expected: [p(0, "0")]),
    PortCase(spec: "65535:65535/sctp", expected: [p(65535, "65535", "sctp")]),
    PortCase(spec: "80/udp", expected: [p(80, nil, "udp")]),
    PortCase(spec: ":80", expected: [p(80)]),
])
func portsShortSyntax(_ c: PortCase) throws {
    #expect(try PortSyntax.parse(c.spec) == c.expected)
}

struct SyntaxErrorCase: CustomTestStringConvertible, Sendable {
    var input: String
    var message: String
    var testDescription: String { input.debugDescription }
}

@Test(arguments: [
    SyntaxErrorCase(input: "80/xyz", message: "Invalid proto: xyz"),
    SyntaxErrorCase(input: "9999999", message: "Invalid containerPort: 9999999"),
    SyntaxErrorCase(input: "127.0.1:8080:80", message: "Invalid ip address: 127.0.1"),
    SyntaxErrorCase(input: "tcp", message: "Invalid containerPort: tcp"),
    SyntaxErrorCase(input: "abc", message: "Invalid containerPort: abc"),
    SyntaxErrorCase(input: "81-80", message: "Invalid containerPort: 81-80"),
    SyntaxErrorCase(input: "x:80", message: "Invalid hostPort: x"),
    SyntaxErrorCase(input: "80-82:8080-8081", message: "Invalid ranges specified for container and host Ports: 8080-8081 and 80-82"),
    SyntaxErrorCase(input: "80:8080-8081", message: "Invalid ranges specified for container and host Ports: 8080-8081 and 80"),
    SyntaxErrorCase(input: "", message: "No port specified: <empty>"),
    SyntaxErrorCase(input: "/tcp", message: "No port specified: /tcp<empty>"),
    SyntaxErrorCase(input: "8080:", message: "No port specified: 8080:<empty>"),
    SyntaxErrorCase(input: "01.2.3.4:80:80", message: "Invalid ip address: 01.2.3.4"),
    SyntaxErrorCase(input: "65536", message: "Invalid containerPort: 65536"),
    SyntaxErrorCase(input: "65536:80", message: "Invalid hostPort: 65536"),
    SyntaxErrorCase(input: "80:65536/udp", message: "Invalid containerPort: 65536"),
])
func portsShortSyntaxErrors(_ c: SyntaxErrorCase) {
    #expect(throws: SyntaxError(c.message)) { try PortSyntax.parse(c.input) }
}

@Test(arguments: [
    ("1.2.3.4", true), ("255.255.255.255", true), ("256.1.1.1", false), ("1.2.3", false), ("01.2.3.4", false),
    ("::1", true), ("::", true), ("ff02::1", true), ("2001:db8::8a2e:370:7334", true), ("::ffff:1.2.3.4", true),
    ("1:2:3:4:5:6:7:8", true), ("1:2:3:4:5:6:7:8:9", false), ("1::2::3", false), (":1", false), ("1:", false),
    ("fe80::1%eth0", false), ("12345::", false), ("", false), ("x", false),
] as [(String, Bool)])
func ipValidation(_ ip: String, _ valid: Bool) {
    #expect(IPSyntax.isValid(ip) == valid)
}

struct VolumeCase: CustomTestStringConvertible, Sendable {
    var spec: String
    var expected: VolumeSpec
    var testDescription: String { spec }
}

@Test(arguments: [
    VolumeCase(spec: "/tmp/data", expected: VolumeSpec(type: "volume", target: "/tmp/data")),
    VolumeCase(spec: "/anon/", expected: VolumeSpec(type: "volume", target: "/anon")),
    VolumeCase(spec: "ab", expected: VolumeSpec(type: "volume", target: "ab")),
    VolumeCase(spec: "/src:/dst", expected: VolumeSpec(type: "bind", source: "/src", target: "/dst", bindCreateHostPath: true)),
    VolumeCase(spec: "/src:/dst:ro", expected: VolumeSpec(
        type: "bind", source: "/src", target: "/dst", readOnly: true, bindCreateHostPath: true)),
    VolumeCase(spec: "/src:/dst:rw", expected: VolumeSpec(type: "bind", source: "/src", target: "/dst", bindCreateHostPath: true)),
    VolumeCase(spec: "./data:/data/:ro", expected: VolumeSpec(
        type: "bind", source: "./data", target: "/data", readOnly: true, bindCreateHostPath: true)),
    VolumeCase(spec: "./data:/data/:ro,z", expected: VolumeSpec(
        type: "bind", source: "./data", target: "/data", readOnly: true, bindSELinux: "z", bindCreateHostPath: true)),
    VolumeCase(spec: "/src:/t:ro,Z", expected: VolumeSpec(
        type: "bind", source: "/src", target: "/t", readOnly: true, bindSELinux: "Z", bindCreateHostPath: true)),
    VolumeCase(spec: "/h:/c:rslave", expected: VolumeSpec(
        type: "bind", source: "/h", target: "/c", bindPropagation: "rslave", bindCreateHostPath: true)),
    VolumeCase(spec: "myvol:/m:nocopy", expected: VolumeSpec(type: "volume", source: "myvol", target: "/m", volumeNoCopy: true)),
    VolumeCase(spec: "myvol:/m", expected: VolumeSpec(type: "volume", source: "myvol", target: "/m")),
    VolumeCase(spec: "~/cfg:/cfg", expected: VolumeSpec(type: "bind", source: "~/cfg", target: "/cfg", bindCreateHostPath: true)),
    VolumeCase(spec: "/src:/dst:unknown,ro", expected: VolumeSpec(
        type: "bind", source: "/src", target: "/dst", readOnly: true, bindCreateHostPath: true)),
    VolumeCase(spec: #"C:\foo\bar:/dst"#, expected: VolumeSpec(
        type: "bind", source: #"C:\foo\bar"#, target: "/dst", bindCreateHostPath: true)),
    VolumeCase(spec: #"C:\foo\bar:d:\dst:ro"#, expected: VolumeSpec(
        type: "bind", source: #"C:\foo\bar"#, target: #"d:\dst"#, readOnly: true, bindCreateHostPath: true)),
    VolumeCase(spec: #"\\.\pipe\docker_engine:\\.\pipe\docker_engine"#, expected: VolumeSpec(
        type: "bind", source: #"\\.\pipe\docker_engine"#, target: #"\\.\pipe\docker_engine"#, bindCreateHostPath: true)),
    VolumeCase(spec: "${DIR:-/tmp}:/data", expected: VolumeSpec(type: "volume", source: "${DIR:-/tmp}", target: "/data")),
    VolumeCase(spec: "/a:${T:-/x:y}:ro", expected: VolumeSpec(
        type: "bind", source: "/a", target: "${T:-/x:y}", readOnly: true, bindCreateHostPath: true)),
])
func volumesShortSyntax(_ c: VolumeCase) throws {
    #expect(try VolumeSyntax.parse(c.spec) == c.expected)
}

@Test(arguments: [
    SyntaxErrorCase(input: "", message: "invalid empty volume spec"),
    SyntaxErrorCase(input: ":foo", message: "invalid spec: :foo: empty section between colons"),
    SyntaxErrorCase(input: "/foo::ro", message: "invalid spec: /foo::ro: empty section between colons"),
    SyntaxErrorCase(input: "/foo:/foo:ro:foo", message: "invalid spec: /foo:/foo:ro:foo: too many colons"),
    SyntaxErrorCase(input: "/foo:", message: "invalid spec: /foo:: empty section between colons"),
])
func volumesShortSyntaxErrors(_ c: SyntaxErrorCase) {
    #expect(throws: SyntaxError(c.message)) { try VolumeSyntax.parse(c.input) }
}

@Test(arguments: [
    (".", true), ("./x", true), ("/x", true), ("~", true), ("~/x", true), (#"\\server\share"#, true), ("C:", true),
    (#"c:\x"#, true), ("data", false), ("", false), ("a", false), ("${X}", false), ("1:", false),
] as [(String, Bool)])
func volumeBindSource(_ s: String, _ bind: Bool) {
    #expect(VolumeSyntax.isBindSource(s) == bind)
}

@Test(arguments: [
    ("./data", "/p/data"), ("data", "/p/data"), ("../up", "/up"), (".", "/p"), ("~/cfg", "/h/cfg"), ("~", "/h"),
    ("~user/x", "/h/user/x"), ("/abs/../x", "/abs/../x"), (#"C:\x"#, #"C:\x"#), (#"\\srv\share"#, #"\\srv\share"#),
] as [(String, String)])
func volumeResolveHostPath(_ s: String, _ expected: String) {
    #expect(VolumeSyntax.resolveHostPath(s, base: "/p", home: "/h") == expected)
}
