/// The shape of Compose v2's JSON: for every struct of compose-go v2.9.1 (the version inside
/// Docker Compose v2.40.3), its JSON keys in declaration order, which keys hold another struct,
/// and what Go writes for a key the value leaves out. `encoding/json` writes struct fields in
/// this order and map keys sorted; a config hash is the SHA-256 of exactly that text, so the
/// order here is part of every hash. The fields are the `v2` columns of
/// Sources/ComposeModel/model.fields (ComposeV2Shapes+Table.swift), checked by `ComposeV2JSONTests`.
enum ComposeV2Shapes {
    /// What Go writes for a field the Berth value does not have (fields without `omitempty`,
    /// and struct-typed fields, which `omitempty` never drops).
    enum Absent: Sendable {
        case none, null, falseValue, emptyString, zero, zeroText, emptyObject
    }

    struct F: Sendable {
        /// The key Compose writes.
        let key: String
        /// The key in Berth's encoding, when it differs (`Path` is `path`).
        let berthKey: String
        /// The struct every value (or element, or map value) of this key is.
        let shape: String?
        let absent: Absent
        /// A Go `float32`: written with float32's shortest digits.
        let float32: Bool
        /// A `UnitBytes`: written as a decimal string.
        let bytes: Bool
        /// A map whose values are `shape` (not one `shape`).
        let map: Bool

        init(
            _ key: String, from berthKey: String? = nil, _ shape: String? = nil,
            absent: Absent = .none, float32: Bool = false, bytes: Bool = false, map: Bool = false
        ) {
            self.key = key
            self.berthKey = berthKey ?? key
            self.shape = shape
            self.absent = absent
            self.float32 = float32
            self.bytes = bytes
            self.map = map
        }
    }

    // `table` (every struct's fields) is generated from the model's field table by
    // scripts/gen-model: ComposeV2Shapes+Table.swift.
}
