import BerthBasics

/// Path helpers the loader uses: Go's `path` semantics come from `POSIXPath` (shared with the
/// runtime and the watcher); the compose-go context rule lives here.
enum PathSyntax {
    /// Go's `path.Clean` (`POSIXPath.clean`).
    static func clean(_ p: String) -> String { POSIXPath.clean(p) }

    /// Go's `path.Join` of two elements (`POSIXPath.join`).
    static func join(_ a: String, _ b: String) -> String { POSIXPath.join(a, b) }

    /// True when `p` starts with `/`.
    static func isAbsolute(_ p: String) -> Bool { POSIXPath.isAbsolute(p) }

    /// A build context or additional context that is not a local directory, as compose-go
    /// decides: any `scheme://` (`docker-image://`, `oci-layout://`, URLs), `service:NAME`, or a
    /// git reference (`github.com/…`, `git@…`). Everything else is a path on the host.
    static func isNonLocalContext(_ s: String) -> Bool {
        s.contains("://") || s.hasPrefix("service:") || s.hasPrefix("github.com/") || s.hasPrefix("git@")
    }
}
