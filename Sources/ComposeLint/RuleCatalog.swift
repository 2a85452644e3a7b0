/// Every rule Berth's linter knows, by stable ID. BL0xx: lint's own errors; BL1xx: compose
/// files; BL2xx: Dockerfiles.
public enum RuleCatalog {
    static let owasp = "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"
    static let composeSpec = "https://docs.docker.com/reference/compose-file/services/"
    static let buildPractices = "https://docs.docker.com/build/building/best-practices/"

    public static let all: [LintRule] = [
        LintRule("BL001", "lint-config", .high, "The lint configuration (.berth-lint.yaml or x-lint) has an error.",
                 why: "A misspelt rule ID silently disables nothing and enables nothing.",
                 fix: "Use a rule ID that `berth lint --explain` knows, and a severity from info, low, medium, high, critical, off.",
                 reference: "berth lint --help"),
        LintRule("BL101", "image-not-pinned", .medium, "An image has no tag, the tag `latest`, or a variable that defaults to `latest`.",
                 why: "A moving tag gives a different image on every pull: builds stop being reproducible and a bad upstream release reaches you unreviewed.",
                 fix: "Pin a version tag (`postgres:16.3`), or a digest (`postgres@sha256:…`).", reference: owasp),
        LintRule("BL102", "image-no-digest", .info, "An image is pinned to a tag but not a digest.",
                 why: "A tag can be moved by whoever controls the registry; only a digest names exactly one image.",
                 fix: "Append the digest: `image: postgres:16.3@sha256:…`.", reference: "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier"),
        LintRule("BL103", "dependency-without-healthcheck", .medium, "A service that others wait for (`depends_on`) has no healthcheck.",
                 why: "Without a healthcheck, \"started\" is all that can be waited for; dependants start before it accepts connections.",
                 fix: "Add a `healthcheck:` that tests readiness (`pg_isready`, `redis-cli ping`, an HTTP probe).", reference: composeSpec + "#healthcheck"),
        LintRule("BL104", "depends-on-not-healthy", .medium, "`depends_on` a service that has a healthcheck, without `condition: service_healthy`.",
                 why: "The dependant starts as soon as the dependency's container starts, racing its start-up; the healthcheck is never waited for.",
                 fix: "Use the long form: `depends_on: { db: { condition: service_healthy } }`.", reference: composeSpec + "#depends_on"),
        LintRule("BL105", "no-resource-limits", .medium, "A service has no memory, CPU or pids limit.",
                 why: "One runaway or attacked container can take all of the host's memory, CPU or process table and starve every other service.",
                 fix: "Set `deploy.resources.limits` (`memory`, `cpus`, `pids`) or `mem_limit`, `cpus`, `pids_limit`.", reference: owasp + "#rule-7-limit-resources-memory-cpu-file-descriptors-processes-restarts"),
        LintRule("BL106", "no-restart-policy", .low, "A long-running service has no restart policy.",
                 why: "After a crash or a host reboot the service stays down until someone notices.",
                 fix: "Set `restart: unless-stopped` (or `on-failure`, or `deploy.restart_policy`).", reference: composeSpec + "#restart", fixable: true),
        LintRule("BL107", "user-not-set", .low, "A service sets no `user:`, so it runs as the image's user, root for most images.",
                 why: "A process running as root inside the container is root on the host after any container escape.",
                 fix: "Set `user: \"1000:1000\"` (or a USER in the Dockerfile).", reference: owasp + "#rule-2-set-a-user"),
        LintRule("BL108", "runs-as-root", .medium, "A service runs as root: `user: root` or `0`, or the image's own user is root.",
                 why: "A process running as root inside the container is root on the host after any container escape.",
                 fix: "Set a non-root `user:`, or a non-root USER in the image.", reference: owasp + "#rule-2-set-a-user"),
        LintRule("BL109", "privileged", .critical, "A service runs `privileged: true`.",
                 why: "Privileged containers get every capability and every host device: root in the container is root on the host.",
                 fix: "Remove `privileged`; add only the capabilities or devices the service needs.", reference: owasp + "#rule-3-limit-capabilities-grant-only-specific-capabilities-needed-by-a-container"),
        LintRule("BL110", "dangerous-cap-add", .high, "`cap_add` grants a dangerous capability (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, …).",
                 why: "These capabilities let a container reconfigure or take over the host (mounts, kernel modules, other processes, the network).",
                 fix: "Remove the capability, or replace it with the narrowest one that works.", reference: "https://man7.org/linux/man-pages/man7/capabilities.7.html"),
        LintRule("BL111", "no-cap-drop-all", .medium, "A service does not drop all capabilities (`cap_drop: [ALL]`).",
                 why: "Docker's default set includes capabilities most services never need (NET_RAW, CHOWN, SETUID, …); each widens an attack.",
                 fix: "Add `cap_drop: [ALL]` and `cap_add` back only what is needed.", reference: owasp + "#rule-3-limit-capabilities-grant-only-specific-capabilities-needed-by-a-container", fixable: true),
        LintRule("BL112", "no-new-privileges", .medium, "A service does not set `security_opt: [no-new-privileges:true]`.",
                 why: "Without it, setuid binaries in the image can raise a process's privileges inside the container.",
                 fix: "Add `security_opt: [\"no-new-privileges:true\"]`.", reference: owasp + "#rule-4-prevent-in-container-privilege-escalation", fixable: true),
        LintRule("BL113", "not-read-only", .info, "A service's root file system is writable (`read_only` not set).",
                 why: "A read-only root file system stops an attacker from changing binaries or dropping tools into the container.",
                 fix: "Set `read_only: true` and mount `tmpfs` or volumes where the service must write.", reference: owasp + "#rule-8-set-filesystem-and-volumes-to-read-only", fixable: true),
        LintRule("BL114", "docker-socket", .critical, "The Docker socket is mounted into a container.",
                 why: "Whoever can talk to the Docker socket controls the engine and so the host, as root.",
                 fix: "Remove the mount; if a tool truly needs the API, put a filtering socket proxy in front of it.", reference: owasp + "#rule-1-do-not-expose-the-docker-daemon-socket-even-to-the-containers"),
        LintRule("BL115", "sensitive-host-mount", .high, "A sensitive host path is mounted (`/`, `/etc`, `/proc`, `/sys`, `/boot`, `/root`, `/var/run`, …).",
                 why: "These paths expose host credentials, configuration or kernel interfaces; writable, they hand over the host.",
                 fix: "Mount only the specific files the service needs, read-only (`:ro`), or use a named volume.", reference: "https://docs.docker.com/engine/storage/bind-mounts/"),
        LintRule("BL116", "host-namespace", .high, "A service shares a host namespace: `network_mode: host`, `pid`, `ipc` or `uts: host`.",
                 why: "Sharing a host namespace removes isolation: host processes, host network interfaces or shared memory become reachable.",
                 fix: "Remove the setting; publish ports or share with one other service (`service:name`) instead.", reference: owasp),
        LintRule("BL117", "secret-in-environment", .high, "A literal secret is set in `environment` or `labels` (PASSWORD, SECRET, TOKEN, API_KEY, …).",
                 why: "Environment variables and labels show in `docker inspect`, in logs and in child processes; the compose file ends up in version control.",
                 fix: "Use `secrets:` (a file mounted under /run/secrets), or interpolate from the environment (`${DB_PASSWORD}`).", reference: "https://docs.docker.com/compose/how-tos/use-secrets/"),
        LintRule("BL118", "credentials-in-url", .high, "A URL in `environment` or `labels` carries a password (`scheme://user:password@host`).",
                 why: "The password is stored in plain text in the file and visible in `docker inspect`.",
                 fix: "Move the password to a secret, or interpolate it (`${DB_PASSWORD}`).", reference: "https://docs.docker.com/compose/how-tos/use-secrets/"),
        LintRule("BL119", "datastore-port-exposed", .high, "A data-store port (5432, 3306, 6379, 27017, 9200, …) is published on all interfaces.",
                 why: "Databases published on 0.0.0.0 are reachable from the whole network, and Docker's port rules bypass host firewalls such as ufw.",
                 fix: "Do not publish it (services reach it on the project network), or bind to loopback: `127.0.0.1:5432:5432`.", reference: "https://docs.docker.com/engine/network/packet-filtering-firewalls/"),
        LintRule("BL120", "port-all-interfaces", .low, "A port is published on all interfaces.",
                 why: "Published ports bypass host firewalls such as ufw and are reachable from every network the host is on.",
                 fix: "Bind to one address: `127.0.0.1:8080:80`.", reference: "https://docs.docker.com/engine/network/packet-filtering-firewalls/"),
        LintRule("BL121", "log-rotation", .low, "json-file logging (the default) without `max-size`.",
                 why: "json-file logs grow without bound until the disk is full.",
                 fix: "Set `logging: { driver: json-file, options: { max-size: 10m, max-file: \"3\" } }`, or use the `local` driver.", reference: "https://docs.docker.com/engine/logging/drivers/json-file/", fixable: true),
        LintRule("BL122", "logging-disabled", .medium, "Logging is disabled (`logging.driver: none`).",
                 why: "Without logs, incidents cannot be investigated.",
                 fix: "Use a logging driver with rotation (`local`, or `json-file` with `max-size`).", reference: "https://docs.docker.com/engine/logging/configure/"),
        LintRule("BL123", "container-name", .low, "`container_name` is set.",
                 why: "A fixed container name stops the service from scaling past one replica and collides between projects.",
                 fix: "Remove `container_name`; reach the service by its service name on the project network.", reference: composeSpec + "#container_name"),
        LintRule("BL124", "unused-resource", .low, "A top-level network, volume or secret is not used by any service.",
                 why: "Unused declarations are left-overs that mislead readers and create resources nobody uses.",
                 fix: "Remove it, or attach it to the service that was meant to use it.", reference: "https://docs.docker.com/reference/compose-file/"),
        LintRule("BL125", "secret-file-permissions", .high, "A secret's file is readable by every user on the host.",
                 why: "Any local user or process can read the secret.",
                 fix: "`chmod 600` the file (or 640 with a dedicated group).", reference: "https://docs.docker.com/compose/how-tos/use-secrets/"),
        LintRule("BL126", "security-profile-disabled", .high, "A security profile is turned off (`seccomp:unconfined`, `apparmor:unconfined`, `label:disable`).",
                 why: "Seccomp, AppArmor and SELinux block the kernel calls most container escapes use.",
                 fix: "Remove the option, or give a custom profile that allows only what is needed.", reference: "https://docs.docker.com/engine/security/seccomp/"),
        LintRule("BL127", "dangerous-device", .high, "A sensitive host device is passed in (`/dev/mem`, disks, `/dev/kmsg`, …).",
                 why: "Raw access to host memory or disks lets the container read or rewrite the host.",
                 fix: "Remove the device, or pass only the specific device the service needs.", reference: composeSpec + "#devices"),
        LintRule("BL128", "shared-mount-propagation", .medium, "A bind mount uses shared propagation (`shared`, `rshared`).",
                 why: "Mounts made inside the container appear on the host, and the other way round.",
                 fix: "Use the default propagation (`rprivate`).", reference: "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation"),
        LintRule("BL129", "tmpfs-exec", .low, "A tmpfs mount re-enables `exec` or `suid`.",
                 why: "An executable, setuid-capable tmpfs is where dropped payloads are run from.",
                 fix: "Drop `exec`/`suid` from the tmpfs options (the defaults are noexec, nosuid).", reference: composeSpec + "#tmpfs"),
        LintRule("BL200", "dockerfile-syntax", .critical, "A Dockerfile cannot be parsed (critical), or cannot be read (low: its rules are skipped).",
                 why: "The build fails; nothing else in the Dockerfile can be checked.",
                 fix: "Fix the instruction the message points at.", reference: "https://docs.docker.com/reference/dockerfile/"),
        LintRule("BL201", "from-no-tag", .medium, "FROM names an image without a tag.",
                 why: "No tag means `latest`: every build can get a different base image.",
                 fix: "Pin the base image's version: `FROM python:3.12-slim`.", reference: buildPractices + "#pin-base-image-versions"),
        LintRule("BL202", "from-latest", .medium, "FROM uses the `latest` tag.",
                 why: "`latest` moves: builds are not reproducible and a base-image change arrives unreviewed.",
                 fix: "Pin the base image's version: `FROM node:22-alpine`.", reference: buildPractices + "#pin-base-image-versions"),
        LintRule("BL203", "dockerfile-root-user", .medium, "The image runs as root: no USER, or the last USER is root.",
                 why: "A process running as root inside the container is root on the host after any escape.",
                 fix: "Create a user and end with `USER app` (or a numeric UID).", reference: buildPractices + "#user"),
        LintRule("BL204", "no-healthcheck", .low, "Neither the Dockerfile nor the compose service defines a healthcheck.",
                 why: "Nothing can tell a hung service from a healthy one; `depends_on` and orchestrators cannot wait for readiness.",
                 fix: "Add a HEALTHCHECK to the final stage, or a `healthcheck:` to the service.", reference: "https://docs.docker.com/reference/dockerfile/#healthcheck"),
        LintRule("BL205", "shell-form-command", .low, "CMD or ENTRYPOINT uses the shell form.",
                 why: "The shell form runs under `/bin/sh -c`: the process is not PID 1 and never receives SIGTERM, so stops wait for the kill timeout.",
                 fix: "Use the exec form: `CMD [\"gunicorn\", \"app:app\"]`.", reference: "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form"),
        LintRule("BL206", "add-local-file", .low, "ADD copies local files.",
                 why: "ADD also unpacks archives and fetches URLs; for local files COPY says what happens.",
                 fix: "Use COPY.", reference: buildPractices + "#add-or-copy"),
        LintRule("BL207", "sudo", .medium, "RUN uses sudo.",
                 why: "sudo behaves unpredictably in builds (TTY, environment) and leaves a privilege-escalation path in the image.",
                 fix: "Run the step before switching USER, or as `USER root` for that step.", reference: buildPractices + "#user"),
        LintRule("BL208", "cd-instead-of-workdir", .low, "RUN uses `cd` to change directory.",
                 why: "A `cd` lasts for one RUN only; later steps silently run elsewhere.",
                 fix: "Use WORKDIR.", reference: buildPractices + "#workdir"),
        LintRule("BL209", "apt-no-install-recommends", .low, "`apt-get install` without `--no-install-recommends`.",
                 why: "Recommended packages make the image larger and add attack surface.",
                 fix: "`apt-get install -y --no-install-recommends …`.", reference: buildPractices + "#apt-get"),
        LintRule("BL210", "apt-lists-not-cleaned", .low, "`apt-get install` without removing /var/lib/apt/lists in the same RUN.",
                 why: "The package lists stay in the layer: tens of megabytes in every image.",
                 fix: "End the same RUN with `&& rm -rf /var/lib/apt/lists/*`.", reference: buildPractices + "#apt-get"),
        LintRule("BL211", "apk-no-cache", .low, "`apk add` without `--no-cache`.",
                 why: "The package index stays in the layer.",
                 fix: "`apk add --no-cache …`.", reference: "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper"),
        LintRule("BL212", "pip-no-cache-dir", .low, "`pip install` without `--no-cache-dir`.",
                 why: "pip's download cache stays in the layer.",
                 fix: "`pip install --no-cache-dir …` (or set PIP_NO_CACHE_DIR=1).", reference: "https://pip.pypa.io/en/stable/topics/caching/"),
        LintRule("BL213", "copy-all-before-install", .medium, "`COPY . .` comes before the dependency install.",
                 why: "Any source change invalidates the layer cache for the install step, so every build reinstalls every dependency.",
                 fix: "Copy only the manifests first (`COPY package*.json ./`, `COPY requirements.txt .`), install, then `COPY . .`.", reference: "https://docs.docker.com/build/cache/optimize/"),
        LintRule("BL214", "secret-in-arg-env", .high, "ARG or ENV holds a secret (PASSWORD, SECRET, TOKEN, API_KEY, …).",
                 why: "ARG and ENV values are kept in the image's history and config, readable by anyone who can pull it.",
                 fix: "Use a build secret: `RUN --mount=type=secret,id=token …` and `build.secrets` in compose.", reference: "https://docs.docker.com/build/building/secrets/"),
        LintRule("BL215", "no-dockerignore", .low, "The build context has no .dockerignore.",
                 why: "The whole directory (.git, node_modules, .env) is sent to the builder: slow builds, and secrets end up in images via `COPY . .`.",
                 fix: "Add a .dockerignore that lists at least .git, node_modules and .env.", reference: "https://docs.docker.com/build/concepts/context/#dockerignore-files"),
        LintRule("BL216", "dockerignore-incomplete", .low, "The .dockerignore does not ignore .git, node_modules or .env.",
                 why: "Those paths are large or secret and are almost never needed in an image.",
                 fix: "Add the missing entries to .dockerignore.", reference: "https://docs.docker.com/build/concepts/context/#dockerignore-files"),
        LintRule("BL217", "no-multi-stage", .medium, "A compiled-language toolchain image (golang, rust, maven, gradle, …) is the only stage.",
                 why: "The compiler, sources and caches ship in the final image: hundreds of megabytes and a larger attack surface.",
                 fix: "Build in one stage and copy the artefact into a small runtime stage (`FROM gcr.io/distroless/static`, `alpine`, `scratch`).", reference: "https://docs.docker.com/build/building/multi-stage/"),
    ]

    static let byID: [String: LintRule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    /// What every finding looks up, without copying the whole rule (seven strings) each time.
    static let severityByID: [String: LintSeverity] = byID.mapValues(\.severity)
    static let nameByID: [String: String] = byID.mapValues(\.name)

    /// Where a rule sits in `all`, from its ID's number: every ID is `BL` and three digits, so
    /// a finding's rule is found by parsing, not by hashing a string (which cost about 320
    /// instructions a finding, twice).
    static func index(of id: String) -> Int? {
        var id = id
        let n: Int? = id.withUTF8 { u in
            guard u.count == 5, u[0] == UInt8(ascii: "B"), u[1] == UInt8(ascii: "L") else { return nil }
            var n = 0
            for k in 2..<5 {
                let d = u[k]
                guard d >= 0x30, d <= 0x39 else { return nil }
                n = n * 10 + Int(d - 0x30)
            }
            return n
        }
        guard let n else { return nil }
        let slot = slots[n]
        return slot < 0 ? nil : Int(slot)
    }

    private static let slots: [Int16] = {
        var table = [Int16](repeating: -1, count: 1000)
        for (i, rule) in all.enumerated() {
            let digits = rule.id.dropFirst(2)
            if rule.id.hasPrefix("BL"), digits.count == 3, let n = Int(digits) { table[n] = Int16(i) }
        }
        return table
    }()

    static func severity(of id: String) -> LintSeverity? {
        index(of: id).map { all[$0].severity } ?? severityByID[id]
    }

    /// The rule with this ID (or name), if any.
    public static func rule(_ idOrName: String) -> LintRule? {
        byID[idOrName.uppercased()] ?? all.first { $0.name == idOrName.lowercased() }
    }
}
