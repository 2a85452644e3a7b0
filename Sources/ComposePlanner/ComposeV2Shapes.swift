/// The shape of Compose v2's JSON: for every struct of compose-go v2.9.1 (the version inside
/// Docker Compose v2.40.3), its JSON keys in declaration order, which keys hold another struct,
/// and what Go writes for a key the value leaves out. `encoding/json` writes struct fields in
/// this order and map keys sorted; a config hash is the SHA-256 of exactly that text, so the
/// order here is part of every hash. One line per field, checked by `ComposeV2JSONTests`.
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

    static let table: [String: [F]] = [
        "DevelopConfig": [
            F("watch", "Trigger"),
        ],
        "Trigger": [
            F("path", absent: .emptyString),
            F("action", absent: .emptyString),
            F("target"),
            F("exec", "ServiceHook", absent: .emptyObject),
            F("include"),
            F("ignore"),
            F("initial_sync"),
        ],
        "DeviceRequest": [
            F("capabilities"),
            F("driver"),
            F("count"),
            F("device_ids"),
            F("options"),
        ],
        "EnvFile": [
            F("path"),
            F("required", absent: .falseValue),
            F("format"),
        ],
        "HealthCheckConfig": [
            F("test"),
            F("timeout"),
            F("interval"),
            F("retries"),
            F("start_period"),
            F("start_interval"),
            F("disable"),
        ],
        "ServiceHook": [
            F("command", absent: .null),
            F("user"),
            F("privileged"),
            F("working_dir"),
            F("environment"),
        ],
        "ModelConfig": [
            F("name"),
            F("model"),
            F("context_size"),
            F("runtime_flags"),
        ],
        "ServiceModelConfig": [
            F("endpoint_var"),
            F("model_var"),
        ],
        "ServiceConfig": [
            F("profiles"),
            F("annotations"),
            F("attach"),
            F("build", "BuildConfig"),
            F("develop", "DevelopConfig"),
            F("blkio_config", "BlkioConfig"),
            F("cap_add"),
            F("cap_drop"),
            F("cgroup_parent"),
            F("cgroup"),
            F("cpu_count"),
            F("cpu_percent", float32: true),
            F("cpu_period"),
            F("cpu_quota"),
            F("cpu_rt_period"),
            F("cpu_rt_runtime"),
            F("cpus", float32: true),
            F("cpuset"),
            F("cpu_shares"),
            F("command", absent: .null),
            F("configs", "FileReferenceConfig"),
            F("container_name"),
            F("credential_spec", "CredentialSpecConfig"),
            F("depends_on", "ServiceDependency", map: true),
            F("deploy", "DeployConfig"),
            F("device_cgroup_rules"),
            F("devices", "DeviceMapping"),
            F("dns"),
            F("dns_opt"),
            F("dns_search"),
            F("dockerfile"),
            F("domainname"),
            F("entrypoint", absent: .null),
            F("provider", "ServiceProviderConfig"),
            F("environment"),
            F("env_file", "EnvFile"),
            F("expose"),
            F("extends", "ExtendsConfig"),
            F("external_links"),
            F("extra_hosts"),
            F("group_add"),
            F("gpus", "DeviceRequest"),
            F("hostname"),
            F("healthcheck", "HealthCheckConfig"),
            F("image"),
            F("init"),
            F("ipc"),
            F("isolation"),
            F("labels"),
            F("label_file"),
            F("links"),
            F("logging", "LoggingConfig"),
            F("log_driver"),
            F("log_opt"),
            F("mem_limit", bytes: true),
            F("mem_reservation", bytes: true),
            F("memswap_limit", bytes: true),
            F("mem_swappiness", bytes: true),
            F("mac_address"),
            F("models", "ServiceModelConfig", map: true),
            F("net"),
            F("network_mode"),
            F("networks", "ServiceNetworkConfig", map: true),
            F("oom_kill_disable"),
            F("oom_score_adj"),
            F("pid"),
            F("pids_limit"),
            F("platform"),
            F("ports", "ServicePortConfig"),
            F("privileged"),
            F("pull_policy"),
            F("read_only"),
            F("restart"),
            F("runtime"),
            F("scale"),
            F("secrets", "FileReferenceConfig"),
            F("security_opt"),
            F("shm_size", bytes: true),
            F("stdin_open"),
            F("stop_grace_period"),
            F("stop_signal"),
            F("storage_opt"),
            F("sysctls"),
            F("tmpfs"),
            F("tty"),
            F("ulimits", "UlimitsConfig", map: true),
            F("use_api_socket"),
            F("user"),
            F("userns_mode"),
            F("uts"),
            F("volume_driver"),
            F("volumes", "ServiceVolumeConfig"),
            F("volumes_from"),
            F("working_dir"),
            F("post_start", "ServiceHook"),
            F("pre_stop", "ServiceHook"),
        ],
        "ServiceProviderConfig": [
            F("type"),
            F("options"),
        ],
        "BuildConfig": [
            F("context"),
            F("dockerfile"),
            F("dockerfile_inline"),
            F("entitlements"),
            F("args"),
            F("provenance"),
            F("sbom"),
            F("ssh"),
            F("labels"),
            F("cache_from"),
            F("cache_to"),
            F("no_cache"),
            F("additional_contexts"),
            F("pull"),
            F("extra_hosts"),
            F("isolation"),
            F("network"),
            F("target"),
            F("secrets", "FileReferenceConfig"),
            F("shm_size", bytes: true),
            F("tags"),
            F("ulimits", "UlimitsConfig", map: true),
            F("platforms"),
            F("privileged"),
        ],
        "BlkioConfig": [
            F("weight"),
            F("weight_device", "WeightDevice"),
            F("device_read_bps", "ThrottleDevice"),
            F("device_read_iops", "ThrottleDevice"),
            F("device_write_bps", "ThrottleDevice"),
            F("device_write_iops", "ThrottleDevice"),
        ],
        "DeviceMapping": [
            F("source"),
            F("target"),
            F("permissions"),
        ],
        "WeightDevice": [
            F("Path", from: "path", absent: .emptyString),
            F("Weight", from: "weight", absent: .zero),
        ],
        "ThrottleDevice": [
            F("Path", from: "path", absent: .emptyString),
            F("Rate", from: "rate", absent: .zeroText, bytes: true),
        ],
        "LoggingConfig": [
            F("driver"),
            F("options"),
        ],
        "DeployConfig": [
            F("mode"),
            F("replicas"),
            F("labels"),
            F("update_config", "UpdateConfig"),
            F("rollback_config", "UpdateConfig"),
            F("resources", "Resources", absent: .emptyObject),
            F("restart_policy", "RestartPolicy"),
            F("placement", "Placement", absent: .emptyObject),
            F("endpoint_mode"),
        ],
        "UpdateConfig": [
            F("parallelism"),
            F("delay"),
            F("failure_action"),
            F("monitor"),
            F("max_failure_ratio", float32: true),
            F("order"),
        ],
        "Resources": [
            F("limits", "Resource"),
            F("reservations", "Resource"),
        ],
        "Resource": [
            F("cpus", float32: true),
            F("memory", bytes: true),
            F("pids"),
            F("devices", "DeviceRequest"),
            F("generic_resources", "GenericResource"),
        ],
        "GenericResource": [
            F("discrete_resource_spec", "DiscreteGenericResource"),
        ],
        "DiscreteGenericResource": [
            F("kind", absent: .emptyString),
            F("value", absent: .zero),
        ],
        "RestartPolicy": [
            F("condition"),
            F("delay"),
            F("max_attempts"),
            F("window"),
        ],
        "Placement": [
            F("constraints"),
            F("preferences", "PlacementPreferences"),
            F("max_replicas_per_node"),
        ],
        "PlacementPreferences": [
            F("spread"),
        ],
        "ServiceNetworkConfig": [
            F("aliases"),
            F("driver_opts"),
            F("gw_priority"),
            F("interface_name"),
            F("ipv4_address"),
            F("ipv6_address"),
            F("link_local_ips"),
            F("mac_address"),
            F("priority"),
        ],
        "ServicePortConfig": [
            F("name"),
            F("mode"),
            F("host_ip"),
            F("target"),
            F("published"),
            F("protocol"),
            F("app_protocol"),
        ],
        "ServiceVolumeConfig": [
            F("type"),
            F("source"),
            F("target"),
            F("read_only"),
            F("consistency"),
            F("bind", "ServiceVolumeBind"),
            F("volume", "ServiceVolumeVolume"),
            F("tmpfs", "ServiceVolumeTmpfs"),
            F("image", "ServiceVolumeImage"),
        ],
        "ServiceVolumeBind": [
            F("selinux"),
            F("propagation"),
            F("create_host_path"),
            F("recursive"),
        ],
        "ServiceVolumeVolume": [
            F("labels"),
            F("nocopy"),
            F("subpath"),
        ],
        "ServiceVolumeTmpfs": [
            F("size", bytes: true),
            F("mode"),
        ],
        "ServiceVolumeImage": [
            F("subpath"),
        ],
        "FileReferenceConfig": [
            F("source"),
            F("target"),
            F("uid"),
            F("gid"),
            F("mode"),
        ],
        "UlimitsConfig": [
            F("single"),
            F("soft"),
            F("hard"),
        ],
        "NetworkConfig": [
            F("name"),
            F("driver"),
            F("driver_opts"),
            F("ipam", "IPAMConfig", absent: .emptyObject),
            F("external"),
            F("internal"),
            F("attachable"),
            F("labels"),
            F("enable_ipv4"),
            F("enable_ipv6"),
        ],
        "IPAMConfig": [
            F("driver"),
            F("config", "IPAMPool"),
        ],
        "IPAMPool": [
            F("subnet"),
            F("gateway"),
            F("ip_range"),
            F("aux_addresses"),
        ],
        "VolumeConfig": [
            F("name"),
            F("driver"),
            F("driver_opts"),
            F("external"),
            F("labels"),
        ],
        "CredentialSpecConfig": [
            F("config"),
            F("file"),
            F("registry"),
        ],
        "FileObjectConfig": [
            F("name"),
            F("file"),
            F("environment"),
            F("content"),
            F("external"),
            F("labels"),
            F("driver"),
            F("driver_opts"),
            F("template_driver"),
        ],
        "ServiceDependency": [
            F("condition"),
            F("restart"),
            F("required", absent: .falseValue),
        ],
        "ExtendsConfig": [
            F("file"),
            F("service"),
        ],
    ]
}
