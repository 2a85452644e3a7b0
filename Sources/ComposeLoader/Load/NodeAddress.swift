import YAMLSyntax

/// Read-only walks over a tree take nodes by address: a node passed by value is copied first,
/// a retain and a release each of its content, tag and file name, for every node of the file.
extension UnsafePointer where Pointee == Node.Pair {
    /// The pair's value node, in place.
    var valueNode: UnsafePointer<Node> {
        (UnsafeRawPointer(self) + pairValueOffset).assumingMemoryBound(to: Node.self)
    }
}

private let pairValueOffset = MemoryLayout<Node.Pair>.offset(of: \Node.Pair.value)!

extension Array where Element == Node {
    /// Whether `test` holds for the address of some item.
    func containsAddress(where test: (UnsafePointer<Node>) -> Bool) -> Bool {
        withUnsafeBufferPointer { items in
            items.indices.contains { test(items.baseAddress.unsafelyUnwrapped + $0) }
        }
    }
}

extension Array where Element == Node.Pair {
    /// Whether `test` holds for the address of some pair.
    func containsAddress(where test: (UnsafePointer<Node.Pair>) -> Bool) -> Bool {
        withUnsafeBufferPointer { pairs in
            pairs.indices.contains { test(pairs.baseAddress.unsafelyUnwrapped + $0) }
        }
    }
}
