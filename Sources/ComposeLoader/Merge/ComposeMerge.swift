import ComposeModel
import YAMLSyntax

/// Merging compose documents, on YAML node trees (compose-file-semantics §4.2, §4.3).
///
/// Every value keeps the mark of the document it came from: a replaced scalar carries the
/// override's position, an appended item its own, a merged mapping the base's.
public enum ComposeMerge {
    /// Merges one document (`override`) over the accumulated model (`base`), both whole compose
    /// roots (mappings).
    ///
    /// Applies the override's `!reset` (the key is removed) and `!override` (the value replaces
    /// the base's) tags, the special rules per path (`command`, `build`, `depends_on`,
    /// `environment`, `extra_hosts`, `logging`, `ulimits`, `ipam.config`, …), then deduplicates
    /// sequences (volumes by target, ports, secrets, `k=v` lists by key, …). A `null` in the
    /// override keeps the base value, except for `command`, `entrypoint`, `healthcheck.test` and
    /// `ulimits.*`. A type mismatch gives `cannot override <path>` located at the override node,
    /// and the base value is kept.
    ///
    /// Mappings merged by the `k=v` rule (`environment`, `labels`, `dns`, `env_file`, …) come out
    /// as sequences of strings: `K=v`, `K=` for an empty value and `K` for null.
    public static func merge(base: Node, override: Node) -> (node: Node, diagnostics: [Diagnostic]) {
        var engine = MergeEngine(keepMarkers: false)
        let merged = engine.merge(MergeNodes.strip(base), override, MergePath([]))
        return (UnicityKeys.enforce(root: merged), engine.diagnostics)
    }

    /// The same rules for one service (used by extends: base service + extending service);
    /// diagnostic paths start with `services.<name>`.
    ///
    /// The override's `!reset`/`!override` pairs stay in the result (tagged), so that merging the
    /// document over earlier files applies them there too: pass the document through
    /// ``merge(base:override:)`` or ``stripResetTags(_:)`` afterwards, as the pipeline does.
    public static func mergeService(base: Node, override: Node, name: String) -> (node: Node, diagnostics: [Diagnostic]) {
        var engine = MergeEngine(keepMarkers: true)
        let merged = engine.merge(MergeNodes.strip(base), override, MergePath(["services", name]))
        return (UnicityKeys.enforce(service: merged), engine.diagnostics)
    }

    /// Removes `!reset` keys and sequence items from a single document (no base), e.g. the first
    /// file, and clears `!override` tags.
    public static func stripResetTags(_ node: Node) -> Node {
        MergeNodes.strip(node)
    }

    /// Deduplicates the sequences of a compose root by the unicity keys alone (no merge): run it
    /// again after short→long canonicalization, where a port range can expand into a duplicate.
    public static func enforceUnicity(_ root: Node) -> Node {
        UnicityKeys.enforce(root: root)
    }
}
