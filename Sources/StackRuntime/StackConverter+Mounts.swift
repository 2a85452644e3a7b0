import ComposeModel
import EngineClient

extension StackConverter {
    func convertMounts(_ key: String, _ service: Service, project: Project, _ diagnostics: inout [Diagnostic]) -> [SwarmMount]? {
        var mounts: [SwarmMount] = []
        for (i, volume) in service.volumes.enumerated() {
            var mount = SwarmMount()
            mount.target = volume.target
            mount.readOnly = volume.readOnly ? true : nil
            mount.consistency = volume.consistency
            switch volume.type {
            case "volume":
                mount.type = "volume"
                if let source = volume.source, !source.isEmpty {
                    let config = project.volumes[source]
                    mount.source = (config ?? nil)?.name ?? StackLabels.scoped(stack, source)
                    var options = SwarmMount.VolumeOptions()
                    options.noCopy = volume.volume?.nocopy == true ? true : nil
                    if let config = config ?? nil, !config.external {
                        options.labels = config.labels.merging([StackLabels.namespace: stack]) { _, new in new }
                        if config.driver != nil || !config.driverOpts.isEmpty {
                            options.driverConfig = SwarmDriver(name: config.driver, options: config.driverOpts.isEmpty ? nil : config.driverOpts)
                        }
                    }
                    if options != SwarmMount.VolumeOptions() { mount.volumeOptions = options }
                }
            case "bind":
                mount.type = "bind"
                mount.source = volume.source
                if let propagation = volume.bind?.propagation {
                    var options = SwarmMount.BindOptions()
                    options.propagation = propagation
                    mount.bindOptions = options
                }
            case "tmpfs":
                mount.type = "tmpfs"
                if let tmpfs = volume.tmpfs, tmpfs.size != nil || tmpfs.mode != nil {
                    var options = SwarmMount.TmpfsOptions()
                    options.sizeBytes = tmpfs.size
                    options.mode = tmpfs.mode.map { UInt32($0) }
                    mount.tmpfsOptions = options
                }
            default:
                unsupported("volume type \(volume.type) is not supported on Swarm", path: "services.\(key).volumes[\(i)]", &diagnostics)
                continue
            }
            mounts.append(mount)
        }
        for path in service.tmpfs {
            var mount = SwarmMount()
            mount.type = "tmpfs"
            mount.target = String(path.split(separator: ":").first ?? Substring(path))
            mounts.append(mount)
        }
        return mounts.isEmpty ? nil : mounts
    }

    /// One warning (an error with `strict`) per key Swarm cannot honour.
    func warnUnsupported(_ key: String, _ service: Service, _ diagnostics: inout [Diagnostic]) {
        let at = "services.\(key)"
        func flag(_ set: Bool, _ field: String, _ why: String = "is not supported by Swarm and is ignored") {
            if set { unsupported("\(field) \(why)", path: "\(at).\(field)", &diagnostics) }
        }
        flag(service.build != nil && service.image != nil && !allowBuild, "build", "is ignored by stack deploy (the image is used; --build --push builds it)")
        for name in service.dependsOn.keys.sorted() {
            if let dependency = service.dependsOn[name], dependency.condition != .serviceStarted {
                unsupported("depends_on condition \(dependency.condition.rawValue) is not enforced by Swarm (services start in any order)",
                            path: "\(at).depends_on.\(name)", &diagnostics)
            }
        }
        flag(service.containerName != nil, "container_name", "cannot be set on Swarm (tasks are named by the service)")
        flag(!service.links.isEmpty, "links")
        flag(!service.externalLinks.isEmpty, "external_links")
        if let mode = service.networkMode {
            flag(true, "network_mode", mode.hasPrefix("service:") || mode.hasPrefix("container:")
                ? "\(mode) cannot be honoured on Swarm" : "is not supported by Swarm (use networks:)")
        }
        flag(service.privileged, "privileged")
        flag(!service.devices.isEmpty, "devices")
        flag(service.cgroupParent != nil, "cgroup_parent")
        flag(service.cgroup != nil, "cgroup")
        flag(service.ipc != nil, "ipc")
        flag(service.pid != nil, "pid")
        flag(!service.securityOpt.isEmpty, "security_opt")
        flag(service.shmSize != nil, "shm_size")
        flag(service.usernsMode != nil, "userns_mode")
        flag(service.macAddress != nil, "mac_address")
        flag(service.domainname != nil, "domainname")
        flag(!service.volumesFrom.isEmpty, "volumes_from")
        flag(service.cpuShares != nil, "cpu_shares", "is not supported by Swarm (use deploy.resources)")
        flag(service.cpuQuota != nil, "cpu_quota", "is not supported by Swarm (use deploy.resources)")
        flag(service.cpus != nil, "cpus", "is not supported by Swarm (use deploy.resources.limits.cpus)")
        flag(service.cpuset != nil, "cpuset")
        flag(service.memLimit != nil, "mem_limit", "is not supported by Swarm (use deploy.resources.limits.memory)")
        flag(service.memReservation != nil, "mem_reservation", "is not supported by Swarm (use deploy.resources.reservations.memory)")
        flag(service.memswapLimit != nil, "memswap_limit")
        flag(!service.gpus.isEmpty, "gpus")
        flag(!service.postStart.isEmpty, "post_start")
        flag(!service.preStop.isEmpty, "pre_stop")
        flag(service.runtime != nil, "runtime")
        flag(service.platform != nil, "platform")
        flag(service.blkioConfig != nil, "blkio_config")
        flag(service.oomScoreAdj != nil, "oom_score_adj")
        flag(service.oomKillDisable, "oom_kill_disable")
        flag(!service.storageOpt.isEmpty, "storage_opt")
        if let devices = service.deploy?.resources?.reservations?.devices, !devices.isEmpty {
            unsupported("deploy.resources.reservations.devices is not supported by Swarm (use generic_resources)",
                        path: "\(at).deploy.resources.reservations.devices", &diagnostics)
        }
    }
}
