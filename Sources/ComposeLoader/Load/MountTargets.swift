import ComposeModel

/// One container path mounted twice in a service (compose-go's check, in its order: `tmpfs`
/// entries first, then `volumes`), reported at the later mount.
///
/// Within one file Berth reports every repeat, identical or not. Compose v2 first folds
/// `volumes` (and identical `tmpfs` entries) by target, silently keeping the last, and so only
/// ever rejects a volume over a `tmpfs` path or two `tmpfs` entries with different options:
/// dropping a mount the user wrote without a word loses data, so Berth says which two clash
/// (see ComposeV2LoaderAgreementTests.repeatedVolumeTargetInOneFile).
enum MountTargets {
    struct Clash {
        var message: String
        var path: [String]
    }

    static func clashes(_ s: Service, name: String) -> [Clash] {
        // Where each target was first mounted; the dotted paths are written only for a clash.
        var seen: [String: (key: String, index: Int)] = [:]
        var out: [Clash] = []
        func visit(_ target: String, _ key: String, _ i: Int) {
            guard !target.isEmpty else { return }
            if let previous = seen[target] {
                let here = "services.\(name).\(key)[\(i)]"
                let first = "services.\(name).\(previous.key)[\(previous.index)]"
                out.append(Clash(
                    message: "\(here): target \(target) already mounted as \(first): a container path takes one mount; remove one of them or give it another target",
                    path: [key, String(i)]))
            } else {
                seen[target] = (key, i)
            }
        }
        for (i, t) in s.tmpfs.enumerated() {
            visit(String(t.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""), "tmpfs", i)
        }
        for (i, v) in s.volumes.enumerated() {
            visit(v.target, "volumes", i)
        }
        return out
    }
}
