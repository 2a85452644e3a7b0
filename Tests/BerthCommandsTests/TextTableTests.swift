@testable import BerthCommands
import Testing

@Suite struct TextTableTests {
    @Test func columnsArePaddedToTheWidestCellAndTheLastIsNot() {
        let text = TextTable.render(header: ["NAME", "STATUS", "PORTS"], rows: [
            ["web-1", "Up 2 seconds", "0.0.0.0:8080->80/tcp"],
            ["a-much-longer-name-1", "Exited (3)", ""],
        ])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == [
            "NAME                   STATUS         PORTS",
            "web-1                  Up 2 seconds   0.0.0.0:8080->80/tcp",
            "a-much-longer-name-1   Exited (3)" + String(repeating: " ", count: 2 + 3),
            "",
        ])
    }

    /// Widths count characters, so a cell with accents or an ellipsis lines up.
    @Test func widthsCountCharacters() {
        let text = TextTable.render(header: ["COMMAND", "SERVICE"], rows: [["\"échoé…\"", "x"], ["\"ab\"", "y"]])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines == ["COMMAND    SERVICE", "\"échoé…\"   x", "\"ab\"       y"])
    }
}
