import BerthBasics
import Foundation
import Testing

@Suite struct EnvironmentTests {
    @Test func aLiteralStandsInForTheProcessEnvironment() {
        var env: Environment = ["DOCKER_HOST": "unix:///x.sock", "EMPTY": ""]
        #expect(env["DOCKER_HOST"] == "unix:///x.sock")
        #expect(env["EMPTY"] == "")
        #expect(env.nonEmpty("EMPTY") == nil)
        #expect(env.nonEmpty("UNSET") == nil)
        #expect(env.nonEmpty("DOCKER_HOST") == "unix:///x.sock")
        env["EMPTY"] = nil
        env["NEW"] = "1"
        #expect(env.values == ["DOCKER_HOST": "unix:///x.sock", "NEW": "1"])
        #expect(Environment().values.isEmpty)
        #expect(Environment(["A": "b"]) == ["A": "b"])
    }

    @Test func aLaterDuplicateInALiteralWins() {
        let env: Environment = ["A": "1", "A": "2"]
        #expect(env["A"] == "2")
    }

    @Test func theProcessEnvironmentIsTheOneThisProcessHas() throws {
        let current = ProcessEnvironment.current
        let path = try #require(getenv("PATH"))
        #expect(current["PATH"] == String(cString: path))
        #expect(current.values == ProcessInfo.processInfo.environment)
    }
}

@Suite struct EnvironmentAssignmentTests {
    @Test func sortedAndWithoutUnsetValues() {
        var variables: [String: String?] = ["B": "2", "A": "x=y", "EMPTY": ""]
        variables["UNSET"] = .some(nil)
        #expect(Environment.assignments(variables) == ["A=x=y", "B=2", "EMPTY="])
        #expect(Environment.assignments([:]).isEmpty)
    }
}
