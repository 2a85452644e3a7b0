import BerthBasics
import ComposeLoader
import ComposeModel
import Testing

/// Loads an in-memory project rooted at /work.
func load(
    _ files: [String: String],
    options: (inout LoadOptions) -> Void = { _ in },
    env: [String: String] = [:],
    cwd: String = "/work"
) throws -> LoadedProject {
    var opts = LoadOptions(environment: env)
    options(&opts)
    return try ProjectLoader.load(opts, fileSystem: InMemoryFileSystem(files: files, currentDirectory: cwd))
}

/// The diagnostics of a load that must fail.
func loadErrors(
    _ files: [String: String],
    options: (inout LoadOptions) -> Void = { _ in },
    env: [String: String] = [:],
    cwd: String = "/work"
) -> [Diagnostic] {
    do {
        _ = try load(files, options: options, env: env, cwd: cwd)
        Issue.record("expected the load to fail")
        return []
    } catch let error as DiagnosticsError {
        return error.diagnostics.filter { $0.severity == .error }
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}
