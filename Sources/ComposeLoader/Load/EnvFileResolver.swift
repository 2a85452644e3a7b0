import BerthBasics
import ComposeModel
import YAMLSyntax

/// Folds `env_file` into `environment` (compose-go's resolution order):
/// env files in order (later wins), then `environment` on top, including its unset entries.
struct EnvFileResolver {
    let fs: any FileSystem
    let projectEnvironment: [String: String]

    func resolve(_ service: Service, name: String, at: NodeLocator) -> (Service, [Diagnostic]) {
        guard !service.envFile.isEmpty else { return (service, []) }
        var diagnostics: [Diagnostic] = []
        var values: [String: String] = [:]
        for (key, value) in service.environment {
            if let value { values[key] = value }
        }
        var fromFiles: [String: String] = [:]
        for (i, file) in service.envFile.enumerated() {
            let location = SourceLocation(at.mark(["services", name, "env_file", String(i)]))
            let path = "services.\(name).env_file[\(i)]"
            guard fs.fileExists(file.path), !fs.isDirectory(file.path) else {
                if file.required {
                    let reason = fs.isDirectory(file.path) ? "is a directory" : "no such file or directory"
                    diagnostics.append(.error("env file \(file.path) not found: \(reason); create it or mark it `required: false`", path: path, at: location))
                }
                continue
            }
            let text: String
            do {
                text = String(decoding: try fs.readFile(file.path), as: UTF8.self)
            } catch {
                diagnostics.append(.error("failed to read \(file.path): \(error)", path: path, at: location))
                continue
            }
            let lookup: (String) -> String? = { key in
                projectEnvironment[key] ?? values[key] ?? fromFiles[key]
            }
            switch file.format {
            case nil, "":
                do {
                    for (key, value) in try DotEnv.parse(text, lookup: lookup) {
                        fromFiles[key] = value
                    }
                } catch {
                    diagnostics.append(.error("failed to read \(file.path): \(error)", path: path, at: location))
                }
            case "raw":
                for (key, value) in DotEnv.parseRaw(text, lookup: lookup) {
                    fromFiles[key] = value
                }
            case let other?:
                diagnostics.append(.error("unsupported env_file format \"\(other)\": use `raw` or leave it out", path: path, at: location))
            }
        }
        var out = service
        var environment: [String: String?] = fromFiles.mapValues { Optional($0) }
        for (key, value) in service.environment {
            environment.updateValue(value, forKey: key)
        }
        out.environment = environment
        out.envFile = []
        return (out, diagnostics)
    }
}
