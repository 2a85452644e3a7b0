import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient

/// Names the changed fields of a container another tool created. Docker Compose keeps no
/// record of the configuration it applied (only its hash), so for its containers the planner
/// can name only what labels and the image show. Before such a recreate is shown, the
/// container is inspected and compared, field by field, with the container Berth would create
/// now: "config changed: command, environment.MODE". Only containers about to be recreated for
/// a changed configuration are inspected, so a no-op `up` pays nothing.
enum ForeignReasons {
    /// The Compose keys whose engine values differ between `desired` (what Berth would create)
    /// and `actual` (what runs), given the configuration of the image `actual` runs (its
    /// environment, command, labels… fill in what the create left unset).
    static func differences(desired: ContainerCreateRequest, actual: ContainerInspect, image: ContainerConfig?) -> [String] {
        var out: [String] = []
        let want = desired.config, have = actual.config ?? ContainerConfig()
        let base = image ?? ContainerConfig()

        if (want.image ?? "") != (have.image ?? "") { out.append("image") }
        // The engine's merge: an entrypoint given at create drops the image's command.
        let entrypointGiven = !(want.entrypoint ?? []).isEmpty
        let wantEntrypoint = entrypointGiven ? want.entrypoint : base.entrypoint
        let wantCommand = entrypointGiven ? want.cmd : ((want.cmd ?? []).isEmpty ? base.cmd : want.cmd)
        if (wantCommand ?? []) != (have.cmd ?? []) { out.append("command") }
        if (wantEntrypoint ?? []) != (have.entrypoint ?? []) { out.append("entrypoint") }

        let wantEnv = environment(want.env), haveEnv = environment(have.env), baseEnv = environment(base.env)
        for key in Set(wantEnv.keys).union(haveEnv.keys).sorted() where (wantEnv[key] ?? baseEnv[key]) != haveEnv[key] {
            out.append("environment." + key)
        }
        if nonEmpty(want.user) ?? nonEmpty(base.user) != nonEmpty(have.user) { out.append("user") }
        if nonEmpty(want.workingDir) ?? nonEmpty(base.workingDir) != nonEmpty(have.workingDir) { out.append("working_dir") }
        if (want.tty ?? false) != (have.tty ?? false) { out.append("tty") }
        if (want.openStdin ?? false) != (have.openStdin ?? false) { out.append("stdin_open") }
        if let signal = nonEmpty(want.stopSignal) ?? nonEmpty(base.stopSignal), signal != nonEmpty(have.stopSignal) {
            out.append("stop_signal")
        }

        let wantLabels = (want.labels ?? [:]).filter { !isToolLabel($0.key) }
        let haveLabels = (have.labels ?? [:]).filter { !isToolLabel($0.key) }
        let baseLabels = base.labels ?? [:]
        for key in Set(wantLabels.keys).union(haveLabels.keys).sorted() where (wantLabels[key] ?? baseLabels[key]) != haveLabels[key] {
            out.append("labels." + key)
        }

        let wantHost = desired.hostConfig ?? HostConfig(), haveHost = actual.hostConfig ?? HostConfig()
        if ports(wantHost.portBindings) != ports(haveHost.portBindings) { out.append("ports") }
        if restart(wantHost.restartPolicy) != restart(haveHost.restartPolicy) { out.append("restart") }
        if (wantHost.memory ?? 0) != (haveHost.memory ?? 0) { out.append("mem_limit") }
        if (wantHost.nanoCpus ?? 0) != (haveHost.nanoCpus ?? 0) { out.append("cpus") }
        if (wantHost.privileged ?? false) != (haveHost.privileged ?? false) { out.append("privileged") }
        if (wantHost.readonlyRootfs ?? false) != (haveHost.readonlyRootfs ?? false) { out.append("read_only") }
        if Set(wantHost.capAdd ?? []) != Set(haveHost.capAdd ?? []) { out.append("cap_add") }
        if Set(wantHost.capDrop ?? []) != Set(haveHost.capDrop ?? []) { out.append("cap_drop") }
        if Set(wantHost.extraHosts ?? []) != Set(haveHost.extraHosts ?? []) { out.append("extra_hosts") }
        if (wantHost.dns ?? []) != (haveHost.dns ?? []) { out.append("dns") }
        if (wantHost.initProcess ?? false) != (haveHost.initProcess ?? false) { out.append("init") }
        out += hostDifferences(wantHost, haveHost)
        if (want.healthcheck ?? base.healthcheck) != have.healthcheck { out.append("healthcheck") }
        if want.stopTimeout != nil, want.stopTimeout != have.stopTimeout { out.append("stop_grace_period") }
        if let domain = nonEmpty(want.domainname), domain != nonEmpty(have.domainname) { out.append("domainname") }

        // Mount targets, less the image's own volumes (the engine adds those anonymously).
        let imageVolumes = Set((base.volumes ?? [:]).keys)
        var wantTargets = Set((wantHost.mounts ?? []).compactMap(\.target))
        for bind in wantHost.binds ?? [] {
            let parts = bind.split(separator: ":")
            if parts.count >= 2 { wantTargets.insert(String(parts[1])) }
        }
        wantTargets.formUnion((wantHost.tmpfs ?? [:]).keys)
        let haveTargets = Set((actual.mounts ?? []).compactMap(\.destination)).union((haveHost.tmpfs ?? [:]).keys)
        if wantTargets.subtracting(imageVolumes) != haveTargets.subtracting(imageVolumes) { out.append("volumes") }
        return out
    }

    /// The host-side settings a create sets (or leaves to the engine's default), by the
    /// Compose key they come from. A value the create leaves unset is compared with the
    /// engine's default for it, so only a real difference is named.
    static func hostDifferences(_ want: HostConfig, _ have: HostConfig) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ key: String, _ w: T?, _ h: T?, default value: T) {
            if (w ?? value) != (h ?? value) { out.append(key) }
        }
        func text(_ key: String, _ w: String?, _ h: String?, defaults: Set<String> = []) {
            let a = nonEmpty(w).flatMap { defaults.contains($0) ? nil : $0 }
            let b = nonEmpty(h).flatMap { defaults.contains($0) ? nil : $0 }
            if a != b { out.append(key) }
        }
        // Logging: the daemon's default driver is not known here; compare what was asked.
        if let w = want.logConfig, (nonEmpty(w.type) != nil || !(w.config ?? [:]).isEmpty),
            nonEmpty(w.type) != nonEmpty(have.logConfig?.type) || (w.config ?? [:]) != (have.logConfig?.config ?? [:])
        {
            out.append("logging")
        }
        let ulimits = { (list: [EngineUlimit]?) in Set((list ?? []).map { "\($0.name ?? "")=\($0.soft ?? 0):\($0.hard ?? 0)" }) }
        if ulimits(want.ulimits) != ulimits(have.ulimits) { out.append("ulimits") }
        check("sysctls", want.sysctls, have.sysctls, default: [:])
        check("security_opt", want.securityOpt.map(Set.init), have.securityOpt.map(Set.init), default: [])
        check("group_add", want.groupAdd.map(Set.init), have.groupAdd.map(Set.init), default: [])
        check("dns_search", want.dnsSearch, have.dnsSearch, default: [])
        check("dns_opt", want.dnsOptions, have.dnsOptions, default: [])
        check("storage_opt", want.storageOpt, have.storageOpt, default: [:])
        if want.shmSize != nil || (have.shmSize ?? 0) != 64 << 20 { check("shm_size", want.shmSize, have.shmSize, default: 64 << 20) }
        check("oom_score_adj", want.oomScoreAdj, have.oomScoreAdj, default: 0)
        check("cpu_shares", want.cpuShares, have.cpuShares, default: 0)
        check("cpu_period", want.cpuPeriod, have.cpuPeriod, default: 0)
        check("cpu_quota", want.cpuQuota, have.cpuQuota, default: 0)
        check("mem_reservation", want.memoryReservation, have.memoryReservation, default: 0)
        check("pids_limit", want.pidsLimit.flatMap { $0 > 0 ? $0 : nil }, have.pidsLimit.flatMap { $0 > 0 ? $0 : nil }, default: 0)
        check("oom_kill_disable", want.oomKillDisable, have.oomKillDisable, default: false)
        text("cpuset", want.cpusetCpus, have.cpusetCpus)
        text("cgroup_parent", want.cgroupParent, have.cgroupParent)
        text("pid", want.pidMode, have.pidMode)
        text("userns_mode", want.usernsMode, have.usernsMode)
        text("uts", want.utsMode, have.utsMode)
        text("runtime", want.runtime, have.runtime, defaults: ["runc"])
        text("ipc", want.ipcMode, have.ipcMode, defaults: ["private", "shareable"])
        text("network_mode", want.networkMode, have.networkMode, defaults: ["default", "bridge"])
        let devices = { (list: [EngineDeviceMapping]?) in Set((list ?? []).map { "\($0.pathOnHost ?? ""):\($0.pathInContainer ?? "")" }) }
        if devices(want.devices) != devices(have.devices) { out.append("devices") }
        return out
    }

    /// `KEY=value` entries as a map; an entry without `=` is the key with an empty value.
    static func environment(_ list: [String]?) -> [String: String] {
        var out: [String: String] = [:]
        for entry in list ?? [] {
            if let eq = entry.firstIndex(of: "=") {
                out[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
            } else {
                out[entry] = ""
            }
        }
        return out
    }

    /// Labels a tool writes for itself (Compose's, Berth's), not the user's `labels:`.
    static func isToolLabel(_ key: String) -> Bool {
        key.hasPrefix("com.docker.compose.") || key.hasPrefix("dev.berth.")
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// Published ports as comparable text: `80/tcp 127.0.0.1:8080`, sorted; an unset host
    /// address is the engine's default, all addresses.
    static func ports(_ bindings: [String: [PortBinding]]?) -> [String] {
        var out: [String] = []
        for (port, list) in bindings ?? [:] {
            for b in list {
                let ip = nonEmpty(b.hostIp) ?? "0.0.0.0"
                out.append("\(port) \(ip):\(b.hostPort ?? "")")
            }
        }
        return out.sorted()
    }

    static func restart(_ policy: EngineRestartPolicy?) -> String {
        let name = nonEmpty(policy?.name) ?? "no"
        return name == "on-failure" ? "\(name):\(policy?.maximumRetryCount ?? 0)" : name
    }
}

extension ProjectRunner {
    /// The plan with the recreates of other tools' containers explained field by field (see
    /// `ForeignReasons`). A container that cannot be inspected keeps the planner's reason.
    func explainingForeignRecreates(_ plan: Plan, observed: ObservedState) async -> Plan {
        let byID = Dictionary(observed.containers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var candidates: [(Int, ContainerTarget)] = []
        for (index, action) in plan.actions.enumerated() {
            guard case .recreateContainer(let t, _, _) = action.kind, let id = t.id, let c = byID[id],
                c.labels[AppliedConfig.label] == nil, action.reason.hasPrefix("config ")
            else { continue }
            candidates.append((index, t))
        }
        guard !candidates.isEmpty else { return plan }
        let registry = ContainerRegistry(observed)
        let context = ContainerSpecContext(
            project: info.project, labels: labelContext, apiVersion: (try? await client.apiVersion()) ?? APIVersion(1, 41),
            containerIDs: await registry.all(), containerNames: await registry.allNames(), environment: environment.values)
        var explained = plan
        await withTaskGroup(of: (Int, [String]).self) { group in
            for (index, t) in candidates {
                group.addTask {
                    guard let id = t.id, let service = self.info.project.services[t.service],
                        let actual = try? await self.limiter.run({ try await self.client.inspectContainer(id) }),
                        let desired = try? ContainerSpec.make(service: service, number: t.number ?? 1, name: t.name, context: context)
                    else { return (index, []) }
                    // The run's image cache: replicas of one service share their image's inspect.
                    let imageID = actual.image ?? ""
                    let image = await self.localImages([imageID])[imageID]
                    return (index, ForeignReasons.differences(desired: desired.request, actual: actual, image: image?.config))
                }
            }
            for await (index, fields) in group where !fields.isEmpty {
                explained.actions[index].reason = "config changed: " + fields.joined(separator: ", ")
            }
        }
        return explained
    }
}
