import EngineClient
import Foundation

/// One row of `stats`, computed from an engine sample the way the docker CLI does
/// (`cli/command/container/stats_helpers.go`).
public struct StatsRow: Sendable, Hashable {
    public var id: String
    public var name: String
    public var cpuPercent: Double
    /// Memory in use without the page cache (inactive files), as docker shows it.
    public var memoryUsage: UInt64
    public var memoryLimit: UInt64
    public var memoryPercent: Double
    public var networkRx: UInt64
    public var networkTx: UInt64
    public var blockRead: UInt64
    public var blockWrite: UInt64
    public var pids: UInt64

    /// The row of a sample: CPU % from the delta to `precpu_stats`.
    public init(id: String, name: String, sample: ContainerStatsSample) {
        let s = sample.stats
        self.id = id
        self.name = name
        cpuPercent = Self.cpuPercent(current: s.cpuStats, previous: s.precpuStats)
        let usage = s.memoryStats?.usage ?? 0
        let stats = s.memoryStats?.stats ?? [:]
        // cgroup v1 reports total_inactive_file, v2 inactive_file.
        var cache: UInt64 = 0
        if let v = stats["total_inactive_file"], v < usage { cache = v } else if let v = stats["inactive_file"], v < usage { cache = v }
        memoryUsage = usage - cache
        memoryLimit = s.memoryStats?.limit ?? 0
        memoryPercent = memoryLimit == 0 ? 0 : Double(memoryUsage) / Double(memoryLimit) * 100
        networkRx = (s.networks ?? [:]).values.reduce(0) { $0 + ($1.rxBytes ?? 0) }
        networkTx = (s.networks ?? [:]).values.reduce(0) { $0 + ($1.txBytes ?? 0) }
        blockRead = sample.blockRead
        blockWrite = sample.blockWrite
        pids = s.pidsStats?.current ?? 0
    }

    /// (container delta / system delta) × online CPUs × 100; 0 without a delta.
    public static func cpuPercent(current: CPUStats?, previous: CPUStats?) -> Double {
        guard let current else { return 0 }
        let cpuDelta = Double(current.cpuUsage?.totalUsage ?? 0) - Double(previous?.cpuUsage?.totalUsage ?? 0)
        let systemDelta = Double(current.systemCPUUsage ?? 0) - Double(previous?.systemCPUUsage ?? 0)
        var online = Double(current.onlineCPUs ?? 0)
        if online == 0 { online = Double(current.cpuUsage?.percpuUsage?.count ?? 0) }
        guard cpuDelta > 0, systemDelta > 0 else { return 0 }
        return cpuDelta / systemDelta * online * 100
    }

    /// docker's `units.BytesSize`: binary units, 4 significant digits (`1.5MiB`).
    public static func binarySize(_ bytes: UInt64) -> String {
        humanSize(Double(bytes), base: 1024, units: ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], format: "%.4g")
    }

    /// docker's `units.HumanSizeWithPrecision(_, 3)`: decimal units (`1.2kB`).
    public static func decimalSize(_ bytes: UInt64) -> String {
        humanSize(Double(bytes), base: 1000, units: ["B", "kB", "MB", "GB", "TB", "PB"], format: "%.3g")
    }

    private static func humanSize(_ value: Double, base: Double, units: [String], format: String) -> String {
        var v = value
        var i = 0
        while v >= base && i < units.count - 1 {
            v /= base
            i += 1
        }
        return String(format: format, v) + units[i]
    }
}
