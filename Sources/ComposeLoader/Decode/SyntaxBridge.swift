import ComposeModel

/// An error from one of the short-syntax parsers, with Compose's text.
struct BridgeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The decoder's one doorway to the short-syntax string parsers of `Syntax/` (ports, volumes,
/// durations, sizes, shell words, hosts, devices, paths), turning their results into model
/// values and their errors into `Result`s.
enum SyntaxBridge {
    private static func run<T>(_ body: () throws -> T) -> Result<T, BridgeError> {
        do {
            return .success(try body())
        } catch let e as SyntaxError {
            return .failure(BridgeError(e.message))
        } catch {
            return .failure(BridgeError("\(error)"))
        }
    }

    // MARK: Paths

    static func isAbsolute(_ p: String) -> Bool {
        PathSyntax.isAbsolute(p) || VolumeSyntax.isWindowsAbsolute(p)
    }

    static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// Go's `path.Clean`; Windows paths are left as written.
    static func clean(_ p: String) -> String {
        VolumeSyntax.isWindowsAbsolute(p) ? p : PathSyntax.clean(p)
    }

    static func join(_ base: String, _ rel: String) -> String {
        PathSyntax.join(base, rel)
    }

    // MARK: Values

    static func duration(_ s: String) -> Result<Int64, BridgeError> {
        run { try DurationSyntax.parse(s) }
    }

    static func byteSize(_ s: String) -> Result<Int64, BridgeError> {
        run { try ByteSizeSyntax.parse(s) }
    }

    static func shellSplit(_ s: String) -> Result<[String], BridgeError> {
        run { try ShellWords.split(s) }
    }

    static func isIPAddress(_ s: String) -> Bool {
        IPSyntax.isValid(s)
    }

    // MARK: Ports

    /// `[[IP:]HOST:]CONTAINER[/PROTO]` → one or more long-form ports.
    static func ports(_ raw: String) -> Result<[ServicePortConfig], BridgeError> {
        run {
            try PortSyntax.parse(raw).map {
                ServicePortConfig(mode: $0.mode, hostIP: $0.hostIP, target: $0.target, published: $0.published, protocol: $0.protocol)
            }
        }
    }

    /// A published port or range (`8080`, `8000-9000`).
    static func portRange(_ s: Substring) -> (Int, Int)? {
        let bounds = s.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let a = port(bounds[0]) else { return nil }
        if bounds.count == 1 { return (a, a) }
        guard let b = port(bounds[1]), b >= a else { return nil }
        return (a, b)
    }

    private static func port(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = Int(s), v <= 65535 else { return nil }
        return v
    }

    // MARK: Volumes

    /// `SOURCE:TARGET[:OPTS]`, `TARGET` → a long-form mount (bind sources resolved).
    static func volume(_ spec: String, workingDir: String, homeDir: String) -> Result<ServiceVolumeConfig, BridgeError> {
        run {
            let v = try VolumeSyntax.parse(spec)
            var out = ServiceVolumeConfig(type: v.type, source: v.source, target: v.target, readOnly: v.readOnly)
            if v.type == "bind" {
                out.source = v.source.map { resolveHostPath($0, workingDir: workingDir, homeDir: homeDir) }
                out.bind = ServiceVolumeBind(propagation: v.bindPropagation, createHostPath: true, selinux: v.bindSELinux)
            } else {
                out.volume = ServiceVolumeVolume(nocopy: v.volumeNoCopy)
            }
            return out
        }
    }

    /// `~` → home, relative → joined onto the working directory, absolute kept.
    static func resolveHostPath(_ s: String, workingDir: String, homeDir: String) -> String {
        VolumeSyntax.resolveHostPath(s, base: workingDir, home: homeDir)
    }

    // MARK: Hosts and devices

    static func extraHost(_ s: String) -> Result<(String, [String]), BridgeError> {
        run {
            let (host, ips) = try ExtraHostsSyntax.parse(s)
            return (host, ips)
        }
    }

    static func device(_ s: String) -> Result<DeviceMapping, BridgeError> {
        run {
            let d = try DeviceSyntax.parse(s)
            return DeviceMapping(source: d.source, target: d.target, permissions: d.permissions)
        }
    }
}
