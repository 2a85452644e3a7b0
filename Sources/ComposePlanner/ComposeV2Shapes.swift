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

    /// A shape's fields with what writing a value of it looks up, worked out once. Walking all
    /// of a struct's fields for each value (96 for a service) cost a dictionary lookup and a
    /// copy of the field each: 19 000 of them for the hashes of 200 services, whose values have
    /// a handful of members.
    final class Index: Sendable {
        let fields: [F]
        /// `berthKey` → the field's position.
        let position: [String: Int]
        /// The positions of the fields written even when a value lacks them, ascending.
        let writtenWhenAbsent: [Int]

        init(_ fields: [F]) {
            self.fields = fields
            var position: [String: Int] = [:]
            position.reserveCapacity(fields.count)
            for (i, field) in fields.enumerated() where position[field.berthKey] == nil { position[field.berthKey] = i }
            self.position = position
            writtenWhenAbsent = fields.indices.filter { if case .none = fields[$0].absent { false } else { true } }
        }
    }

    /// `table`, indexed.
    static let indexed: [String: Index] = table.mapValues(Index.init)

    // `table` (every struct's fields) is generated from the model's field table by
    // scripts/gen-model: ComposeV2Shapes+Table.swift.
}
