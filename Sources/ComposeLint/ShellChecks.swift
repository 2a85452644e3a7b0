import DockerfileSyntax
import YAMLSyntax

/// Checks on the shell commands of a RUN (BL207–BL212): split into simple commands at
/// `&&`, `||`, `;`, `|` and newlines, then looked at word by word.
enum ShellChecks {
    static func script(_ i: Instruction) -> String {
        if !i.heredocs.isEmpty { return i.heredocs.map(\.body).joined(separator: "\n") }
        return i.execForm?.joined(separator: " ") ?? i.body
    }

    /// The simple commands of a script, each as words.
    static func commands(_ script: String) -> [[String]] {
        var commands: [[String]] = []
        var current: [String] = []
        var word = ""
        var quote: Character?
        func endWord() { if !word.isEmpty { current.append(word); word = "" } }
        func endCommand() { endWord(); if !current.isEmpty { commands.append(current); current = [] } }
        let chars = Array(script)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if let q = quote {
                if ch == q { quote = nil } else { word.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == " " || ch == "\t" {
                endWord()
            } else if ch == "\n" || ch == ";" || ch == "(" || ch == ")" || ch == "{" && word.isEmpty || ch == "}" && word.isEmpty {
                endCommand()
            } else if ch == "&" || ch == "|" {
                endCommand()
                if i + 1 < chars.count, chars[i + 1] == ch { i += 1 }
            } else {
                word.append(ch)
            }
            i += 1
        }
        endCommand()
        return commands.map { words in
            // `sudo`, `env X=1` and assignments in front do not change what runs.
            Array(words.drop { $0.contains("=") && !$0.hasPrefix("-") })
        }
    }

    static func hasCacheMount(_ i: Instruction, _ target: String) -> Bool {
        i.flags.contains { $0.hasPrefix("--mount=") && $0.contains("type=cache") && $0.contains(target) }
    }

    static func run(_ c: inout LintContext, _ i: Instruction, mark: Mark, service: String) {
        let cmds = commands(script(i))
        if cmds.contains(where: { $0.first == "sudo" }) {
            c.report("BL207", "RUN uses sudo", at: mark, service: service)
        }
        if cmds.contains(where: { $0.first == "cd" }) {
            c.report("BL208", "RUN uses cd: use WORKDIR, which lasts for the following instructions", at: mark, service: service)
        }
        let plain = cmds.map { $0.first == "sudo" ? Array($0.dropFirst()) : $0 }
        let aptInstalls = plain.filter { ($0.first == "apt-get" || $0.first == "apt") && $0.contains("install") }
        if aptInstalls.contains(where: { cmd in !cmd.contains("--no-install-recommends") && !cmd.contains { $0.contains("Install-Recommends=false") || $0.contains("Install-Recommends=0") } }) {
            c.report("BL209", "apt-get install without --no-install-recommends", at: mark, service: service)
        }
        if !aptInstalls.isEmpty, !hasCacheMount(i, "/var/lib/apt"), !hasCacheMount(i, "/var/cache/apt") {
            let cleans = plain.contains { cmd in cmd.first == "rm" && cmd.contains { $0.hasPrefix("/var/lib/apt/lists") } }
            if !cleans {
                c.report("BL210", "apt-get install without `rm -rf /var/lib/apt/lists/*` in the same RUN: the package lists stay in the layer", at: mark, service: service)
            }
        }
        if plain.contains(where: { $0.first == "apk" && $0.contains("add") && !$0.contains("--no-cache") }), !hasCacheMount(i, "/var/cache/apk") {
            c.report("BL211", "apk add without --no-cache", at: mark, service: service)
        }
        let pip = plain.filter { cmd in
            guard let first = cmd.first else { return false }
            let isPip = first == "pip" || first == "pip3" || (first.hasPrefix("python") && cmd.dropFirst().prefix(2) == ["-m", "pip"])
            return isPip && cmd.contains("install")
        }
        if pip.contains(where: { !$0.contains("--no-cache-dir") }), !hasCacheMount(i, "/root/.cache") {
            c.report("BL212", "pip install without --no-cache-dir", at: mark, service: service)
        }
    }

    static let installers: [[String]] = [
        ["npm", "install"], ["npm", "ci"], ["npm", "i"], ["yarn", "install"], ["yarn"], ["pnpm", "install"], ["pip", "install"],
        ["pip3", "install"], ["poetry", "install"], ["bundle", "install"], ["go", "mod", "download"], ["composer", "install"],
        ["cargo", "fetch"], ["uv", "sync"], ["pipenv", "install"], ["mix", "deps.get"],
    ]

    static func installsDependencies(_ i: Instruction) -> Bool {
        commands(script(i)).contains { cmd in
            installers.contains { pattern in Array(cmd.prefix(pattern.count)) == pattern && (pattern != ["yarn"] || cmd.count == 1) }
        }
    }
}
