import BerthBasics
import ComposeModel
import EngineClient
import Foundation

extension StackConverter {
    func convertService(
        _ key: String, _ service: Service, project: Project, objects: [DesiredStack.ObjectItem], _ diagnostics: inout [Diagnostic]
    ) -> DesiredStack.ServiceItem {
        let at = "services.\(key)"
        warnUnsupported(key, service, &diagnostics)
        var container = SwarmContainerSpec()
        if let image = service.image {
            container.image = image
        } else {
            // Every node pulls the image, so even --build --push needs a name to push to.
            let message = service.build == nil
                ? "service \(key) has no image"
                : allowBuild
                ? "service \(key) has only build:; --build --push needs an image: to push it to (e.g. image: registry.example:5000/\(key):1)"
                : "service \(key) has only build:; Swarm needs an image (add image:, or deploy with --build --push)"
            diagnostics.append(.error(message, path: service.build != nil ? "\(at).build" : at))
        }
        container.labels = service.labels.merging([StackLabels.namespace: stack]) { _, new in new }
        container.command = service.entrypoint
        container.args = service.command
        container.hostname = service.hostname
        let env = Environment.assignments(service.environment)
        container.env = env.isEmpty ? nil : env
        container.dir = service.workingDir
        container.user = service.user
        container.groups = service.groupAdd.isEmpty ? nil : service.groupAdd
        container.tty = service.tty ? true : nil
        container.openStdin = service.stdinOpen ? true : nil
        container.readOnly = service.readOnly ? true : nil
        container.stopSignal = service.stopSignal
        container.stopGracePeriod = Self.nanos(service.stopGracePeriod)
        container.initProcess = service.initProcess
        container.isolation = service.isolation
        container.sysctls = service.sysctls.isEmpty ? nil : service.sysctls
        container.capabilityAdd = service.capAdd.isEmpty ? nil : service.capAdd
        container.capabilityDrop = service.capDrop.isEmpty ? nil : service.capDrop
        if !service.ulimits.isEmpty {
            container.ulimits = service.ulimits.keys.sorted().compactMap { name in
                guard let limit = service.ulimits[name] else { return nil }
                let soft = (limit.single ?? limit.soft).map(Int64.init)
                let hard = (limit.single ?? limit.hard).map(Int64.init)
                return SwarmUlimit(name: name, soft: soft, hard: hard)
            }
        }
        let hosts = service.extraHosts.entries.keys.sorted().flatMap { host in
            (service.extraHosts.entries[host] ?? []).map { "\($0) \(host)" }
        }
        container.hosts = hosts.isEmpty ? nil : hosts
        if !service.dns.isEmpty || !service.dnsSearch.isEmpty || !service.dnsOpt.isEmpty {
            var dns = SwarmDNSConfig()
            dns.nameservers = service.dns.isEmpty ? nil : service.dns
            dns.search = service.dnsSearch.isEmpty ? nil : service.dnsSearch
            dns.options = service.dnsOpt.isEmpty ? nil : service.dnsOpt
            container.dnsConfig = dns
        }
        container.healthCheck = Self.healthCheck(service.healthcheck)
        container.mounts = convertMounts(key, service, project: project, &diagnostics)
        container.secrets = fileReferences(service.secrets, kind: .secret, objects: objects, at: "\(at).secrets", &diagnostics)
        container.configs = fileReferences(service.configs, kind: .config, objects: objects, at: "\(at).configs", &diagnostics)

        var task = TaskSpec()
        task.containerSpec = container
        task.networks = attachments(key, service, project: project)
        if let logging = service.logging, logging.driver != nil || !logging.options.isEmpty {
            task.logDriver = SwarmDriver(name: logging.driver, options: logging.options.isEmpty ? nil : logging.options)
        }
        let deploy = service.deploy
        task.resources = Self.resources(deploy?.resources, pidsLimit: service.pidsLimit)
        task.restartPolicy = restartPolicy(deploy?.restartPolicy, restart: service.restart, at: at, &diagnostics)
        task.placement = Self.placement(deploy?.placement)
        for (i, constraint) in (deploy?.placement?.constraints ?? []).enumerated() where !Self.validConstraint(constraint) {
            diagnostics.append(.error(
                "invalid placement constraint \"\(constraint)\" (expected KEY==VALUE or KEY!=VALUE, e.g. node.role==manager)",
                path: "\(at).deploy.placement.constraints[\(i)]"))
        }

        var spec = ServiceSpec()
        spec.name = StackLabels.scoped(stack, key)
        spec.labels = (deploy?.labels ?? [:]).merging([
            StackLabels.namespace: stack, StackLabels.image: service.image ?? container.image ?? "",
        ]) { _, new in new }
        spec.taskTemplate = task
        let (mode, isJob) = serviceMode(deploy, scale: service.scale, at: at, &diagnostics)
        spec.mode = mode
        if !isJob {
            spec.updateConfig = Self.updateConfig(deploy?.updateConfig)
            spec.rollbackConfig = Self.updateConfig(deploy?.rollbackConfig)
        }
        spec.endpointSpec = endpoint(service, mode: deploy?.endpointMode, at: at, &diagnostics)
        return DesiredStack.ServiceItem(key: key, spec: spec, isJob: isJob)
    }

    func serviceMode(_ deploy: DeployConfig?, scale: Int?, at: String, _ diagnostics: inout [Diagnostic]) -> (ServiceMode, Bool) {
        var mode = ServiceMode()
        let replicas = deploy?.replicas ?? scale
        switch deploy?.mode ?? "replicated" {
        case "global":
            if replicas != nil { diagnostics.append(.error("replicas cannot be used with deploy.mode global", path: "\(at).deploy.replicas")) }
            mode.global = EmptyObject()
            return (mode, false)
        case "replicated-job":
            let count = UInt64(max(replicas ?? 1, 0))
            mode.replicatedJob = ServiceMode.ReplicatedJob(maxConcurrent: count, totalCompletions: count)
            return (mode, true)
        case "global-job":
            if replicas != nil { diagnostics.append(.error("replicas cannot be used with deploy.mode global-job", path: "\(at).deploy.replicas")) }
            mode.globalJob = EmptyObject()
            return (mode, true)
        case "replicated":
            mode.replicated = ServiceMode.Replicated(replicas: UInt64(max(replicas ?? 1, 0)))
            return (mode, false)
        case let other:
            diagnostics.append(.error("unknown deploy.mode \(other) (replicated, global, replicated-job or global-job)", path: "\(at).deploy.mode"))
            mode.replicated = ServiceMode.Replicated(replicas: 1)
            return (mode, false)
        }
    }

    static func healthCheck(_ config: HealthCheckConfig?) -> SwarmHealthConfig? {
        guard let config else { return nil }
        var health = SwarmHealthConfig()
        if config.disable {
            health.test = ["NONE"]
            return health
        }
        health.test = config.test
        health.interval = nanos(config.interval)
        health.timeout = nanos(config.timeout)
        health.startPeriod = nanos(config.startPeriod)
        health.retries = config.retries
        return health
    }

    static func resources(_ config: ResourcesConfig?, pidsLimit: Int64?) -> SwarmResourceRequirements? {
        guard config != nil || pidsLimit != nil else { return nil }
        var resources = SwarmResourceRequirements()
        var limits = SwarmResourceRequirements.Limit()
        if let l = config?.limits {
            limits.nanoCPUs = l.cpus.map { Int64(($0 * 1e9).rounded()) }
            limits.memoryBytes = l.memory
            limits.pids = l.pids
        }
        if limits.pids == nil { limits.pids = pidsLimit }
        if limits != SwarmResourceRequirements.Limit() { resources.limits = limits }
        if let r = config?.reservations {
            var reservation = SwarmResourceRequirements.Reservation()
            reservation.nanoCPUs = r.cpus.map { Int64(($0 * 1e9).rounded()) }
            reservation.memoryBytes = r.memory
            let generic = r.genericResources.compactMap { g in
                g.discreteResourceSpec.map {
                    SwarmResourceRequirements.GenericResource(discreteResourceSpec: .init(kind: $0.kind, value: $0.value))
                }
            }
            reservation.genericResources = generic.isEmpty ? nil : generic
            resources.reservations = reservation
        }
        return resources
    }

    func restartPolicy(_ config: ComposeModel.RestartPolicy?, restart: String?, at: String, _ diagnostics: inout [Diagnostic]) -> SwarmRestartPolicy? {
        var policy = SwarmRestartPolicy()
        if let config {
            policy.condition = config.condition
            policy.delay = Self.nanos(config.delay)
            policy.maxAttempts = config.maxAttempts.map { UInt64(max($0, 0)) }
            policy.window = Self.nanos(config.window)
            return policy
        }
        // As `docker stack deploy`: `restart:` maps when deploy.restart_policy is absent.
        guard let restart else { return nil }
        switch restart {
        case "always", "unless-stopped": policy.condition = "any"
        case "no": policy.condition = "none"
        default:
            if restart.hasPrefix("on-failure") {
                policy.condition = "on-failure"
                if let colon = restart.firstIndex(of: ":"), let n = UInt64(restart[restart.index(after: colon)...]) { policy.maxAttempts = n }
            } else {
                diagnostics.append(.error("unknown restart policy \(restart)", path: "\(at).restart"))
                return nil
            }
        }
        return policy
    }

    /// `node.labels.zone==a`, `node.role != worker`: a key, `==` or `!=`, and a value.
    static func validConstraint(_ text: String) -> Bool {
        for op in ["==", "!="] {
            if let range = text.range(of: op) {
                let key = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
                return !key.isEmpty && !value.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
            }
        }
        return false
    }

    static func placement(_ config: ComposeModel.Placement?) -> SwarmPlacement? {
        guard let config, !config.constraints.isEmpty || !config.preferences.isEmpty || config.maxReplicasPerNode != nil else { return nil }
        var placement = SwarmPlacement()
        placement.constraints = config.constraints.isEmpty ? nil : config.constraints
        let preferences = config.preferences.compactMap { $0.spread.map { SwarmPlacement.Preference(spread: .init(spreadDescriptor: $0)) } }
        placement.preferences = preferences.isEmpty ? nil : preferences
        placement.maxReplicas = config.maxReplicasPerNode.map { UInt64(max($0, 0)) }
        return placement
    }

    static func updateConfig(_ config: ComposeModel.UpdateConfig?) -> ServiceUpdateConfig? {
        guard let config else { return nil }
        var update = ServiceUpdateConfig()
        update.parallelism = UInt64(max(config.parallelism ?? 1, 0))
        update.delay = nanos(config.delay)
        update.failureAction = config.failureAction
        update.monitor = nanos(config.monitor)
        update.maxFailureRatio = config.maxFailureRatio
        update.order = config.order
        return update
    }

    func endpoint(_ service: Service, mode: String?, at: String, _ diagnostics: inout [Diagnostic]) -> EndpointSpec? {
        var spec = EndpointSpec()
        spec.mode = mode
        var ports: [SwarmPortConfig] = []
        for (i, port) in service.ports.enumerated() {
            var range: [UInt32] = []
            if let published = port.published, !published.isEmpty {
                let bounds = published.split(separator: "-").compactMap { UInt32($0) }
                if let low = bounds.first, let high = bounds.last, low <= high {
                    range = Array(low...high)
                } else {
                    diagnostics.append(.error("invalid published port \(published)", path: "\(at).ports[\(i)]"))
                }
            }
            if port.hostIP != nil {
                unsupported("host_ip cannot be set on Swarm (ports publish on every node)", path: "\(at).ports[\(i)]", &diagnostics)
            }
            for (offset, published) in (range.isEmpty ? [nil] : range.map(Optional.some)).enumerated() {
                var p = SwarmPortConfig()
                p.name = port.name
                p.protocol = port.protocol
                p.targetPort = UInt32(port.target + (range.count > 1 ? offset : 0))
                p.publishedPort = published
                p.publishMode = port.mode
                ports.append(p)
            }
        }
        spec.ports = ports.isEmpty ? nil : ports
        return spec.mode == nil && spec.ports == nil ? nil : spec
    }

    func attachments(_ key: String, _ service: Service, project: Project) -> [NetworkAttachmentConfig]? {
        if service.networkMode != nil { return nil }
        let names = service.networks.isEmpty ? ["default"] : service.networks.keys.sorted()
        return names.map { name in
            let config = project.networks[name]
            let engineName = config?.name ?? StackLabels.scoped(stack, name)
            let aliases = [key] + ((service.networks[name] ?? nil)?.aliases ?? [])
            var attachment = NetworkAttachmentConfig(target: engineName, aliases: aliases)
            if let opts = (service.networks[name] ?? nil)?.driverOpts, !opts.isEmpty { attachment.driverOpts = opts }
            return attachment
        }
    }

    func fileReferences(
        _ references: [FileReference], kind: DesiredStack.ObjectItem.Kind, objects: [DesiredStack.ObjectItem], at: String,
        _ diagnostics: inout [Diagnostic]
    ) -> [SwarmFileReference]? {
        guard !references.isEmpty else { return nil }
        return references.enumerated().compactMap { i, reference in
            guard let object = objects.first(where: { $0.kind == kind && $0.key == reference.source }) else {
                diagnostics.append(.error("\(kind.rawValue) \(reference.source) is not defined", path: "\(at)[\(i)]"))
                return nil
            }
            var ref = SwarmFileReference()
            var file = SwarmFileReference.File()
            let target = reference.target ?? reference.source
            file.name = kind == .secret && !target.hasPrefix("/") ? target : (reference.target ?? "/" + reference.source)
            file.uid = reference.uid ?? "0"
            file.gid = reference.gid ?? "0"
            file.mode = UInt32(reference.mode ?? 0o444)
            ref.file = file
            if kind == .secret { ref.secretName = object.name } else { ref.configName = object.name }
            return ref
        }
    }
}
