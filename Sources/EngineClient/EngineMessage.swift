import Foundation
import NIOCore

/// The engine's error body: `{"message": "..."}`.
enum EngineMessage {
    private struct Body: Decodable {
        var message: String
    }

    /// The `message` of a JSON error body, else the body as text.
    static func extract(from body: ByteBuffer) -> String {
        let bytes = Data(body.readableBytesView)
        if let decoded = try? EngineJSONDecoder().decode(Body.self, from: body.readableBytesView) { return decoded.message }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no message)" : text
    }
}
