import Testing
import YAMLSyntax

@Suite struct ResolutionTests {
    static let plainCases: [(String, ScalarValue)] = [
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("nULL", .string("nULL")),
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
        ("y", .string("y")), ("tRUE", .string("tRUE")),
        ("0", .int(0)), ("42", .int(42)), ("-17", .int(-17)), ("+5", .int(5)),
        ("0440", .int(288)), ("0o440", .int(288)), ("0x1F", .int(31)), ("0xff", .int(255)),
        ("0o8", .string("0o8")), ("0x", .string("0x")), ("0o", .string("0o")),
        ("09", .float(9)), ("1_000", .string("1_000")),
        ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
        ("9223372036854775808", .string("9223372036854775808")),
        ("1e3", .float(1000)), ("1.5", .float(1.5)), (".5", .float(0.5)), ("1.", .float(1)),
        ("-2.5e-1", .float(-0.25)), ("+1.0E+2", .float(100)), ("1.e2", .float(100)),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("+.INF", .float(.infinity)),
        ("1e", .string("1e")), (".", .string(".")), ("e3", .string("e3")), ("1.2.3", .string("1.2.3")),
        ("-", .string("-")), ("8080:80", .string("8080:80")), ("10m", .string("10m")),
        ("nginx", .string("nginx")), ("3.14abc", .string("3.14abc")),
    ]

    @Test(arguments: plainCases)
    func plainScalar(text: String, expected: ScalarValue) {
        let node = Node(.scalar(text, .plain), mark: Mark(file: "t", line: 1, column: 1))
        #expect(node.resolved == expected)
    }

    @Test func nan() throws {
        for text in [".nan", ".NaN", ".NAN"] {
            let node = Node(.scalar(text, .plain), mark: Mark(file: "t", line: 1, column: 1))
            guard case .float(let d) = node.resolved else {
                Issue.record("\(text) is not a float")
                continue
            }
            #expect(d.isNaN)
        }
    }

    @Test func parsedStylesAndTags() throws {
        let root = try parseOne("""
            a: "true"
            b: 'null'
            c: |
              42
            d: 42
            e:
            f: !!str true
            g: !!bool "false"
            h: !!int nope
            i: !!float 3
            j: !!null ~
            k: !custom 12
            l: ! 12
            m: 0440
            n: 0o440
            """)
        let expected: [String: ScalarValue] = [
            "a": .string("true"), "b": .string("null"), "c": .string("42\n"), "d": .int(42), "e": .null,
            "f": .string("true"), "g": .bool(false), "h": .string("nope"), "i": .float(3), "j": .null,
            "k": .int(12), "l": .string("12"), "m": .int(288), "n": .int(288),
        ]
        for (key, value) in expected {
            #expect(root[key]?.resolved == value, "\(key)")
        }
    }

    @Test func kindNames() throws {
        let root = try parseOne("a: {}\nb: []\nc: x\nd: 1\ne: 1.5\nf: true\ng: null\nh: '1'\n")
        let names = ["a": "mapping", "b": "sequence", "c": "string", "d": "number", "e": "number",
                     "f": "boolean", "g": "null", "h": "string"]
        for (key, name) in names {
            #expect(root[key]?.kindName == name, "\(key)")
        }
        #expect(root["g"]?.isNull == true)
        #expect(root["c"]?.isNull == false)
        #expect(root["a"]?.isNull == false)
    }
}
