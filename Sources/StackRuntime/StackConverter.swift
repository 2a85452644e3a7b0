import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// Turns a loaded project into Swarm objects (`DesiredStack`). Pure apart from reading the
/// files of `file:` secrets and configs.
public struct StackConverter: Sendable {
    public var stack: String
    /// The interpolation environment, for `environment:` secrets and configs.
    public var environment: [String: String]
    /// Keys Swarm cannot honour become errors instead of warnings.
    public var strict: Bool
    /// The caller builds and pushes services with `build:` and `image:` (`--build --push`):
    /// their `build:` draws no warning.
    public var allowBuild: Bool
    /// Where `file:` secrets and configs are read.
    public var fileSystem: any FileSystem

    public init(
        stack: String, environment: [String: String] = [:], strict: Bool = false, allowBuild: Bool = false,
        fileSystem: any FileSystem = LocalFileSystem()
    ) {
        self.stack = stack
        self.fileSystem = fileSystem
        self.environment = environment
        self.strict = strict
        self.allowBuild = allowBuild
    }

    public func convert(_ project: Project) -> DesiredStack {
        var diagnostics: [Diagnostic] = []
        let objects = convertObjects(project, &diagnostics)
        var usedNetworks = Set<String>()
        var services: [DesiredStack.ServiceItem] = []
        for key in project.services.keys.sorted() {
            guard let service = project.services[key] else { continue }
            let names = service.networks.isEmpty && service.networkMode == nil ? ["default"] : service.networks.keys.sorted()
            usedNetworks.formUnion(names)
            services.append(convertService(key, service, project: project, objects: objects, &diagnostics))
        }
        let networks = usedNetworks.sorted().compactMap { convertNetwork($0, project.networks[$0], &diagnostics) }
        return DesiredStack(stack: stack, networks: networks, objects: objects, services: services, diagnostics: diagnostics)
    }

    // MARK: - Networks

    func convertNetwork(_ key: String, _ config: NetworkConfig?, _ diagnostics: inout [Diagnostic]) -> DesiredStack.NetworkItem? {
        let config = config ?? NetworkConfig()
        let name = config.name ?? StackLabels.scoped(stack, key)
        if config.external {
            return DesiredStack.NetworkItem(key: key, name: name, external: true, create: nil)
        }
        var request = NetworkCreateRequest()
        request.name = name
        request.driver = config.driver ?? "overlay"
        if request.driver == "bridge" {
            unsupported("driver: bridge is node-local; Swarm services need overlay (using overlay)", path: "networks.\(key).driver", &diagnostics)
            request.driver = "overlay"
        }
        request.scope = "swarm"
        request.attachable = config.attachable ? true : nil
        request.internal = config.internal ? true : nil
        request.options = config.driverOpts.isEmpty ? nil : config.driverOpts
        request.labels = config.labels.merging([StackLabels.namespace: stack]) { _, new in new }
        if let ipam = config.ipam {
            var engineIPAM = IPAM()
            engineIPAM.driver = ipam.driver
            engineIPAM.config = ipam.config.map { pool in
                var c = EngineIPAMPool()
                c.subnet = pool.subnet
                c.ipRange = pool.ipRange
                c.gateway = pool.gateway
                return c
            }
            request.ipam = engineIPAM
        }
        return DesiredStack.NetworkItem(key: key, name: name, external: false, create: request)
    }

    // MARK: - Secrets and configs

    func convertObjects(_ project: Project, _ diagnostics: inout [Diagnostic]) -> [DesiredStack.ObjectItem] {
        var items: [DesiredStack.ObjectItem] = []
        for (kind, table) in [(DesiredStack.ObjectItem.Kind.secret, project.secrets), (.config, project.configs)] {
            let section = kind == .secret ? "secrets" : "configs"
            for key in table.keys.sorted() {
                guard let object = table[key] else { continue }
                if object.external {
                    items.append(DesiredStack.ObjectItem(kind: kind, key: key, name: object.name ?? key, external: true, spec: nil))
                    continue
                }
                let data: [UInt8]
                if let content = object.content {
                    data = Array(content.utf8)
                } else if let variable = object.environment {
                    guard let value = environment[variable] else {
                        diagnostics.append(.error("\(section) \(key): environment variable \(variable) is not set", path: "\(section).\(key).environment"))
                        continue
                    }
                    data = Array(value.utf8)
                } else if let file = object.file {
                    guard let bytes = fileSystem.contentsIfReadable(file) else {
                        diagnostics.append(.error("\(section) \(key): cannot read file \(file)", path: "\(section).\(key).file"))
                        continue
                    }
                    data = Array(bytes)
                } else {
                    diagnostics.append(.error("\(section) \(key): needs file, environment or content", path: "\(section).\(key)"))
                    continue
                }
                let hash = String(SHA256.hexDigest(data).prefix(12))
                let base = object.name ?? StackLabels.scoped(stack, key)
                var spec = SwarmObjectSpec()
                spec.name = "\(base)-\(hash)"
                spec.labels = object.labels.merging([
                    StackLabels.namespace: stack, StackLabels.objectKey: key, StackLabels.contentHash: hash,
                ]) { _, new in new }
                spec.data = Data(data).base64EncodedString()
                if kind == .secret, let driver = object.driver {
                    spec.driver = SwarmDriver(name: driver, options: object.driverOpts.isEmpty ? nil : object.driverOpts)
                }
                if kind == .config, let templating = object.templateDriver {
                    spec.templating = SwarmDriver(name: templating)
                }
                items.append(DesiredStack.ObjectItem(kind: kind, key: key, name: spec.name ?? base, external: false, spec: spec))
            }
        }
        return items
    }

    // MARK: - Helpers

    func unsupported(_ message: String, path: String, _ diagnostics: inout [Diagnostic]) {
        diagnostics.append(Diagnostic(strict ? .error : .warning, message, path: path))
    }

    static func nanos(_ duration: ComposeDuration?) -> Int64? { duration?.nanoseconds }
}
