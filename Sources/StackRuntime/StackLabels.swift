/// The labels `docker stack` sets, so `docker stack ls/ps/rm` see Berth's stacks and Berth
/// sees theirs, plus Berth's own for versioned secrets and configs.
public enum StackLabels {
    /// On every stack object: the stack name.
    public static let namespace = "com.docker.stack.namespace"
    /// On every service: the image as written in the file.
    public static let image = "com.docker.stack.image"
    /// On a versioned secret or config: its key in the file (the name carries the hash).
    public static let objectKey = "com.berth.stack.object"
    /// On a versioned secret or config: the content hash.
    public static let contentHash = "com.berth.stack.hash"

    /// `<stack>_<name>`, as `docker stack` scopes names.
    public static func scoped(_ stack: String, _ name: String) -> String { stack + "_" + name }
}
