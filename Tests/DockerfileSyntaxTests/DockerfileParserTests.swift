import DockerfileSyntax
import Testing

@Suite struct DockerfileParserTests {
    @Test func instructionsContinuationsAndStages() throws {
        let text = """
            # syntax=docker/dockerfile:1
            # escape=\\
            ARG BASE=golang:1.22

            FROM ${BASE} AS build
            RUN apt-get update \\
                # a comment inside the continuation
                && apt-get install -y make
            COPY --from=deps --chmod=644 /src /src
            from alpine:3.20
            CMD ["/app", "--port", "80"]
            ENTRYPOINT /bin/sh -c run

            """
        let df = try Dockerfile.parse(text)
        #expect(df.directives.map(\.name) == ["syntax", "escape"])
        #expect(df.instructions.map(\.keyword) == ["ARG", "FROM", "RUN", "COPY", "FROM", "CMD", "ENTRYPOINT"])
        let run = df.instructions[2]
        #expect(run.position == DockerfilePosition(line: 6, column: 1))
        #expect(run.endLine == 8)
        #expect(run.body.contains("apt-get update") && run.body.contains("&& apt-get install -y make"))
        #expect(!run.body.contains("comment"))
        #expect(df.instructions[3].flag("from") == "deps")
        #expect(df.instructions[3].flags == ["--from=deps", "--chmod=644"])
        #expect(df.instructions[5].execForm == ["/app", "--port", "80"])
        #expect(df.instructions[6].execForm == nil)
        #expect(df.stages.count == 2)
        #expect(df.stages[0].name == "build")
        #expect(df.stages[0].baseImage == "${BASE}")
        #expect(df.stages[1].baseImage == "alpine:3.20")
        #expect(df.instructions(of: df.stages[1]).map(\.keyword) == ["FROM", "CMD", "ENTRYPOINT"])
        #expect(df.instructions[4].keywordText == "from")
    }

    @Test func heredocs() throws {
        let text = "FROM alpine:3.20\nRUN <<EOF\napk add curl\necho done\nEOF\nCOPY <<-'CONF' /etc/app.conf\n\tkey=value\n\tCONF\nUSER app\n"
        let df = try Dockerfile.parse(text)
        #expect(df.instructions.map(\.keyword) == ["FROM", "RUN", "COPY", "USER"])
        #expect(df.instructions[1].heredocs.first?.body == "apk add curl\necho done")
        #expect(df.instructions[1].heredocs.first?.position.line == 3)
        #expect(df.instructions[1].endLine == 5)
        let conf = try #require(df.instructions[2].heredocs.first)
        #expect(conf.quoted && conf.stripTabs && conf.body == "key=value")
        #expect(df.instructions[3].position.line == 9)
    }

    @Test func escapeDirective() throws {
        let df = try Dockerfile.parse("# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n    c:\\\n")
        #expect(df.escape == "`")
        #expect(df.instructions[1].body == "dir      c:\\")
    }

    @Test(arguments: [
        ("FROM alpine:3.20\nFORM x\n", 2, "unknown instruction: FORM"),
        ("RUN echo hi\n", 1, "before the first FROM"),
        ("FROM alpine:3.20\nRUN <<EOF\necho\n", 2, "unterminated heredoc"),
        ("FROM alpine:3.20\nUSER\n", 2, "requires at least one argument"),
        ("# just a comment\n", 1, "no FROM"),
        ("FROM alpine:3.20 AS\n", 1, "FROM takes an image"),
    ])
    func locatedErrors(_ text: String, _ line: Int, _ message: String) {
        #expect {
            try Dockerfile.parse(text)
        } throws: { error in
            guard let e = error as? DockerfileError else { return false }
            return e.position.line == line && e.message.contains(message)
        }
    }
}
