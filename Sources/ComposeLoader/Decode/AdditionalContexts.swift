import ComposeModel

extension TreeDecoder {
    /// A `build.additional_contexts` value as compose-go resolves it: a local path (`~` is the
    /// home directory) is made absolute against the project directory; `docker-image://`,
    /// `oci-layout://`, `service:NAME`, URLs and git references are kept as written.
    func additionalContext(_ value: String) -> String {
        if value.isEmpty || PathSyntax.isNonLocalContext(value) { return value }
        return hostPath(value)
    }
}
