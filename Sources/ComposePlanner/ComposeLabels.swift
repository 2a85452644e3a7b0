import ComposeModel

/// The label keys Docker Compose v2 puts on what it creates; Berth writes and reads the same
/// ones, so `docker compose`, Docker Desktop and Portainer see Berth's projects and the reverse.
public enum ComposeLabels {
    /// Project name (containers, networks, volumes).
    public static let project = "com.docker.compose.project"
    /// Service name (containers).
    public static let service = "com.docker.compose.service"
    /// Version of the tool that created the resource.
    public static let version = "com.docker.compose.version"
    /// Absolute project directory (containers).
    public static let workingDir = "com.docker.compose.project.working_dir"
    /// Comma-joined absolute compose file paths (containers).
    public static let configFiles = "com.docker.compose.project.config_files"
    /// Comma-joined env files; only when `--env-file` was given.
    public static let environmentFile = "com.docker.compose.project.environment_file"
    /// `False`, or `True` for `run` containers.
    public static let oneoff = "com.docker.compose.oneoff"
    /// The config hash (containers, networks, volumes).
    public static let configHash = "com.docker.compose.config-hash"
    /// Replica number `1…N` (not on one-off containers).
    public static let containerNumber = "com.docker.compose.container-number"
    /// Comma-joined `dep:condition:restart`.
    public static let dependsOn = "com.docker.compose.depends_on"
    /// On a replacement container: the short name (`web-1`) of the one it replaces.
    public static let replace = "com.docker.compose.replace"
    /// Network key in the compose file (`default`).
    public static let network = "com.docker.compose.network"
    /// Volume key in the compose file.
    public static let volume = "com.docker.compose.volume"
    /// Local image digest the container was created from.
    public static let image = "com.docker.compose.image"
    /// Random 64-hex ID of a one-off container.
    public static let slug = "com.docker.compose.slug"
}

/// Engine-side names, as Compose v2 forms them.
public enum ComposeNames {
    /// `project-service-N`, or the service's `container_name`.
    public static func container(project: String, service: Service, number: Int) -> String {
        if let custom = service.containerName, !custom.isEmpty { return custom }
        return "\(project)-\(service.name)-\(number)"
    }

    /// The name a service's containers are known by in logs and events: `service-N`, or the
    /// `container_name`; also the value of the `com.docker.compose.replace` label.
    public static func shortContainer(service: Service, number: Int) -> String {
        if let custom = service.containerName, !custom.isEmpty { return custom }
        return "\(service.name)-\(number)"
    }

    /// The temporary name a replacement container is created under before the old one goes:
    /// `<first 12 of old ID>_<final name>`.
    public static func recreateTemporary(oldID: String, finalName: String) -> String {
        "\(oldID.prefix(12))_\(finalName)"
    }

    /// The engine name of a project network: its `name` (the loader sets it), else
    /// `project_key`.
    public static func network(project: Project, key: String) -> String {
        if let name = project.networks[key]?.name, !name.isEmpty { return name }
        if project.networks[key]?.external == true { return key }
        return "\(project.name)_\(key)"
    }

    /// The engine name of a project volume: its `name`, else `project_key`.
    public static func volume(project: Project, key: String) -> String {
        if let name = project.volumes[key]?.name, !name.isEmpty { return name }
        if project.volumes[key]?.external == true { return key }
        return "\(project.name)_\(key)"
    }

    /// The configuration of a project network as Berth creates and hashes it: the declared
    /// one with its engine name filled in, or a plain one for an undeclared `default`. The
    /// runtime must label what it creates from this same value, or the hashes will not match.
    public static func networkConfig(project: Project, key: String) -> NetworkConfig {
        var config = project.networks[key] ?? NetworkConfig()
        config.name = network(project: project, key: key)
        return config
    }

    /// The configuration of a project volume as Berth creates and hashes it (engine name
    /// filled in).
    public static func volumeConfig(project: Project, key: String) -> VolumeConfig {
        var config = project.volumes[key] ?? VolumeConfig()
        config.name = volume(project: project, key: key)
        return config
    }

    /// The network keys a service joins: its `networks`, or `default` when it lists none and
    /// has no `network_mode`. Sorted.
    public static func networkKeys(of service: Service) -> [String] {
        if !service.networks.isEmpty { return service.networks.keys.sorted() }
        if let mode = service.networkMode, !mode.isEmpty { return [] }
        return ["default"]
    }

    /// The project volume keys a service mounts (`type: volume` with a source declared at the
    /// top level). Sorted.
    public static func volumeKeys(of service: Service, in project: Project) -> [String] {
        Set(service.volumes.compactMap { v -> String? in
            guard v.type == "volume", let source = v.source, project.volumes[source] != nil else { return nil }
            return source
        }).sorted()
    }
}

/// Facts about a run that go into container labels.
public struct LabelContext: Sendable, Hashable {
    /// The absolute project directory.
    public var workingDir: String
    /// The compose files, absolute.
    public var configFiles: [String]
    /// The env files given with `--env-file`; empty when none was (then no label).
    public var environmentFiles: [String]
    /// The Compose version to write in `com.docker.compose.version`.
    public var version: String

    public init(workingDir: String, configFiles: [String], environmentFiles: [String] = [], version: String) {
        self.workingDir = workingDir
        self.configFiles = configFiles
        self.environmentFiles = environmentFiles
        self.version = version
    }

    /// From the loader's context. `envFileFlagGiven`: whether `--env-file` was on the command
    /// line (Compose writes the label only then).
    public init(_ context: ProjectContext, envFileFlagGiven: Bool, version: String) {
        self.init(
            workingDir: context.workingDir, configFiles: context.configFiles,
            environmentFiles: envFileFlagGiven ? context.envFiles : [], version: version)
    }
}

/// Labels for the resources Berth creates.
public enum ServiceLabels {
    /// The `com.docker.compose.depends_on` value: `dep:condition:restart`, comma-joined, sorted.
    public static func dependsOnValue(_ service: Service) -> String {
        service.dependsOn.keys.sorted().compactMap { name in
            guard let d = service.dependsOn[name] else { return nil }
            return "\(name):\(d.condition.rawValue):\(d.restart)"
        }.joined(separator: ",")
    }

    /// Every label of a service container: the user's `labels` underneath, the Compose labels
    /// on top. `imageDigest` goes into `com.docker.compose.image` when known; `replacing` is the
    /// short name of the container this one replaces (`web-1`).
    public static func containerLabels(
        project: String, service: Service, number: Int, context: LabelContext,
        imageDigest: String? = nil, replacing: String? = nil
    ) -> [String: String] {
        var labels = service.labels
        labels[ComposeLabels.project] = project
        labels[ComposeLabels.service] = service.name
        labels[ComposeLabels.version] = context.version
        labels[ComposeLabels.workingDir] = context.workingDir
        labels[ComposeLabels.configFiles] = context.configFiles.joined(separator: ",")
        if !context.environmentFiles.isEmpty {
            labels[ComposeLabels.environmentFile] = context.environmentFiles.joined(separator: ",")
        }
        labels[ComposeLabels.oneoff] = "False"
        labels[ComposeLabels.configHash] = ConfigHash.hash(service)
        labels[AppliedConfig.label] = AppliedConfig.value(service)
        labels[ComposeLabels.containerNumber] = String(number)
        labels[ComposeLabels.dependsOn] = dependsOnValue(service)
        if let imageDigest { labels[ComposeLabels.image] = imageDigest }
        if let replacing { labels[ComposeLabels.replace] = replacing }
        return labels
    }

    /// Labels of a project network: the user's, then project, network key, version, hash.
    public static func networkLabels(project: String, key: String, network: NetworkConfig, version: String) -> [String: String] {
        var labels = network.labels
        labels[ComposeLabels.project] = project
        labels[ComposeLabels.network] = key
        labels[ComposeLabels.version] = version
        labels[ComposeLabels.configHash] = ConfigHash.hash(network: network)
        return labels
    }

    /// Labels of a project volume: the user's, then project, volume key, version, hash.
    public static func volumeLabels(project: String, key: String, volume: VolumeConfig, version: String) -> [String: String] {
        var labels = volume.labels
        labels[ComposeLabels.project] = project
        labels[ComposeLabels.volume] = key
        labels[ComposeLabels.version] = version
        labels[ComposeLabels.configHash] = ConfigHash.hash(volume: volume)
        return labels
    }
}
