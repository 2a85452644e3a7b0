/// Values a short command keeps until the process exits.
public enum ProcessLifetime {
    private final class Box<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Keeps `value` (and everything it references) alive for the rest of the process, so it
    /// is never torn down. For one-shot commands only (`config`, `lint`): they load a project,
    /// print, and exit, and the exit returns the memory at once. Freeing a loaded project of
    /// 500 services node by node costs more than a tenth of such a command's instructions
    /// (callgrind: 17.7 M of `lint`'s 229 M went to deallocation). Never call it from a loop or
    /// a long-running command: what it keeps is never freed.
    public static func keep<Value>(_ value: Value) {
        _ = Unmanaged.passRetained(Box(value))
    }
}
