/// A minimal ustar archive: enough to send a build context or files into a container
/// (`putArchive`) and to read what `getArchive` returns.
public struct TarArchive: Sendable {
    /// One archive member.
    public struct Entry: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case file
            case directory
            case symlink(target: String)
        }

        public var path: String
        public var kind: Kind
        public var mode: Int
        public var contents: [UInt8]
        public var uid: Int
        public var gid: Int
        /// Modification time, Unix seconds.
        public var modified: Int

        public init(path: String, kind: Kind = .file, mode: Int = 0o644, contents: [UInt8] = [], uid: Int = 0, gid: Int = 0, modified: Int = 0) {
            self.path = path
            self.kind = kind
            self.mode = mode
            self.contents = contents
            self.uid = uid
            self.gid = gid
            self.modified = modified
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Adds a regular file.
    public mutating func addFile(_ path: String, contents: [UInt8], mode: Int = 0o644, uid: Int = 0, gid: Int = 0) {
        entries.append(Entry(path: path, kind: .file, mode: mode, contents: contents, uid: uid, gid: gid))
    }

    /// Adds a regular file holding UTF-8 text.
    public mutating func addFile(_ path: String, text: String, mode: Int = 0o644) {
        addFile(path, contents: Array(text.utf8), mode: mode)
    }

    /// Adds a directory.
    public mutating func addDirectory(_ path: String, mode: Int = 0o755) {
        entries.append(Entry(path: path, kind: .directory, mode: mode))
    }

    /// The archive's bytes (ustar; long names use a PAX header).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var name = entry.path
            if case .directory = entry.kind, !name.hasSuffix("/") { name += "/" }
            if name.utf8.count > 100 {
                let record = Self.paxRecord("path", name)
                out += Self.header(name: "././@PaxHeader", mode: 0o644, uid: 0, gid: 0, size: record.count, modified: 0, type: UInt8(ascii: "x"), link: "")
                out += Self.padded(record)
                name = String(name.utf8.prefix(100)) ?? "long"
            }
            switch entry.kind {
            case .file:
                out += Self.header(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: entry.contents.count, modified: entry.modified, type: UInt8(ascii: "0"), link: "")
                out += Self.padded(entry.contents)
            case .directory:
                out += Self.header(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: 0, modified: entry.modified, type: UInt8(ascii: "5"), link: "")
            case .symlink(let target):
                out += Self.header(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: 0, modified: entry.modified, type: UInt8(ascii: "2"), link: target)
            }
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// Reads an archive (ustar, GNU and PAX long names); unknown member types are skipped.
    public init(reading bytes: [UInt8]) throws(EngineError) {
        var entries: [Entry] = []
        var offset = 0
        var longName: String?
        var longLink: String?
        while offset + 512 <= bytes.count {
            let block = bytes[offset..<offset + 512]
            if block.allSatisfy({ $0 == 0 }) { break }
            func field(_ start: Int, _ length: Int) -> String {
                let raw = bytes[offset + start..<offset + start + length]
                let end = raw.firstIndex(of: 0) ?? raw.endIndex
                return String(decoding: raw[raw.startIndex..<end], as: UTF8.self)
            }
            func number(_ start: Int, _ length: Int) -> Int {
                Int(field(start, length).trimmingSpaces, radix: 8) ?? 0
            }
            let size = number(124, 12)
            let mode = number(100, 8), uid = number(108, 8), gid = number(116, 8), modified = number(136, 12)
            let type = bytes[offset + 156]
            var name = field(0, 100)
            let prefix = field(345, 155)
            if !prefix.isEmpty && field(257, 6).hasPrefix("ustar") { name = prefix + "/" + name }
            // Read before `offset` moves on to the next header.
            let linkField = field(157, 100)
            let dataStart = offset + 512
            guard dataStart + size <= bytes.count else {
                throw .protocolError(call: nil, detail: "tar archive truncated in \(name)")
            }
            let data = Array(bytes[dataStart..<dataStart + size])
            offset = dataStart + (size + 511) / 512 * 512
            switch type {
            case UInt8(ascii: "L"):
                longName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "K"):
                longLink = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "x"):
                let records = Self.parsePax(data)
                if let path = records["path"] { longName = path }
                if let link = records["linkpath"] { longLink = link }
                continue
            case UInt8(ascii: "g"):
                continue
            default:
                break
            }
            if let long = longName { name = long }
            let link = longLink ?? linkField
            longName = nil
            longLink = nil
            let kind: Entry.Kind
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symlink(target: link)
            default: continue
            }
            if case .directory = kind, name.hasSuffix("/") { name.removeLast() }
            entries.append(Entry(
                path: name, kind: kind, mode: mode, contents: data, uid: uid, gid: gid, modified: modified))
        }
        self.entries = entries
    }

    /// The entry at `path` (leading `./` and `/` ignored).
    public func entry(_ path: String) -> Entry? {
        let wanted = Self.normalise(path)
        return entries.first { Self.normalise($0.path) == wanted }
    }

    private static func normalise(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.hasPrefix("/") { p = p.dropFirst() }
        while p.hasSuffix("/") { p = p.dropLast() }
        return String(p)
    }

    private static func header(name: String, mode: Int, uid: Int, gid: Int, size: Int, modified: Int, type: UInt8, link: String) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, _ start: Int, _ length: Int) {
            for (i, byte) in text.utf8.prefix(length).enumerated() { block[start + i] = byte }
        }
        func octal(_ value: Int, _ start: Int, _ length: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits, start, length - 1)
        }
        put(name, 0, 100)
        octal(mode, 100, 8)
        octal(uid, 108, 8)
        octal(gid, 116, 8)
        octal(size, 124, 12)
        octal(modified, 136, 12)
        block[156] = type
        put(link, 157, 100)
        put("ustar\u{0}00", 257, 8)
        put("root", 265, 32)
        put("root", 297, 32)
        for i in 148..<156 { block[i] = 32 }
        let checksum = block.reduce(0) { $0 + Int($1) }
        let digits = String(checksum, radix: 8)
        put(String(repeating: "0", count: max(0, 6 - digits.count)) + digits, 148, 6)
        block[154] = 0
        block[155] = 32
        return block
    }

    private static func padded(_ data: [UInt8]) -> [UInt8] {
        data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    private static func paxRecord(_ key: String, _ value: String) -> [UInt8] {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).utf8.count + body.utf8.count != length { length += 1 }
        return Array((String(length) + body).utf8)
    }

    private static func parsePax(_ data: [UInt8]) -> [String: String] {
        var records: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let record = line[line.index(after: space)...]
            guard let equals = record.firstIndex(of: "=") else { continue }
            records[String(record[..<equals])] = String(record[record.index(after: equals)...])
        }
        return records
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " || $0 == "\0" }.reversed())
    }
}
