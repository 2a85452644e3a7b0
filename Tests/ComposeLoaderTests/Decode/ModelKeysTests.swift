@testable import ComposeLoader
@testable import ComposeModel
import Foundation
import Testing
import YAMLSyntax

/// The three lists of a Compose object's keys agree: the compose-spec JSON schema's
/// `properties`, the decoder's generated `ModelKeys` and the model's `CodingKeys` (all but the
/// schema come from Sources/ComposeModel/model.fields, so this checks the table against the spec).
@Suite struct ModelKeysTests {
    /// The spec's own schema, the one scripts/schema-check uses (`BERTH_SCHEMA` overrides).
    static let schemaPath = ProcessInfo.processInfo.environment["BERTH_SCHEMA"]
        ?? "/work/shared/reference/compose-spec.schema.json"

    /// Every model struct: its CodingKeys and where the schema defines its object form. Two paths
    /// are one struct for two spec objects; the decoder accepts each one's keys only.
    static let structs: [(name: String, codingKeys: [String], schema: [String])] = [
        ("Project", keys(Project.CodingKeys.self), [""]),
        ("Service", keys(Service.CodingKeys.self), ["definitions/service"]),
        ("BuildConfig", keys(BuildConfig.CodingKeys.self), ["definitions/service/properties/build/oneOf/1"]),
        ("BlkioConfig", keys(BlkioConfig.CodingKeys.self), ["definitions/service/properties/blkio_config"]),
        ("ThrottleDevice", keys(ThrottleDevice.CodingKeys.self), ["definitions/blkio_limit"]),
        ("WeightDevice", keys(WeightDevice.CodingKeys.self), ["definitions/blkio_weight"]),
        ("CredentialSpecConfig", keys(CredentialSpecConfig.CodingKeys.self), ["definitions/service/properties/credential_spec"]),
        ("ServiceDependency", keys(ServiceDependency.CodingKeys.self), ["definitions/service/properties/depends_on/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$"]),
        ("DeployConfig", keys(DeployConfig.CodingKeys.self), ["definitions/deployment"]),
        ("UpdateConfig", keys(UpdateConfig.CodingKeys.self), [
            "definitions/deployment/properties/update_config", "definitions/deployment/properties/rollback_config",
        ]),
        ("ResourcesConfig", keys(ResourcesConfig.CodingKeys.self), ["definitions/deployment/properties/resources"]),
        // `pids` is a limit only; `devices` and `generic_resources` are reservations only.
        ("ResourceSpec", keys(ResourceSpec.CodingKeys.self), [
            "definitions/deployment/properties/resources/properties/limits",
            "definitions/deployment/properties/resources/properties/reservations",
        ]),
        ("GenericResource", keys(GenericResource.CodingKeys.self), ["definitions/generic_resources/items"]),
        ("DiscreteResourceSpec", keys(DiscreteResourceSpec.CodingKeys.self), ["definitions/generic_resources/items/properties/discrete_resource_spec"]),
        ("DeviceRequest", keys(DeviceRequest.CodingKeys.self), ["definitions/devices/items", "definitions/gpus/oneOf/1/items"]),
        ("RestartPolicy", keys(RestartPolicy.CodingKeys.self), ["definitions/deployment/properties/restart_policy"]),
        ("Placement", keys(Placement.CodingKeys.self), ["definitions/deployment/properties/placement"]),
        ("PlacementPreference", keys(PlacementPreference.CodingKeys.self), ["definitions/deployment/properties/placement/properties/preferences/items"]),
        ("DevelopConfig", keys(DevelopConfig.CodingKeys.self), ["definitions/development"]),
        ("WatchRule", keys(WatchRule.CodingKeys.self), ["definitions/development/properties/watch/items"]),
        ("ServiceHook", keys(ServiceHook.CodingKeys.self), ["definitions/service_hook"]),
        ("HealthCheckConfig", keys(HealthCheckConfig.CodingKeys.self), ["definitions/healthcheck"]),
        ("LoggingConfig", keys(LoggingConfig.CodingKeys.self), ["definitions/service/properties/logging"]),
        ("ServicePortConfig", keys(ServicePortConfig.CodingKeys.self), ["definitions/service/properties/ports/items/oneOf/2"]),
        ("ServiceVolumeConfig", keys(ServiceVolumeConfig.CodingKeys.self), ["definitions/service/properties/volumes/items/oneOf/1"]),
        ("ServiceVolumeBind", keys(ServiceVolumeBind.CodingKeys.self), ["definitions/service/properties/volumes/items/oneOf/1/properties/bind"]),
        ("ServiceVolumeVolume", keys(ServiceVolumeVolume.CodingKeys.self), ["definitions/service/properties/volumes/items/oneOf/1/properties/volume"]),
        ("ServiceVolumeTmpfs", keys(ServiceVolumeTmpfs.CodingKeys.self), ["definitions/service/properties/volumes/items/oneOf/1/properties/tmpfs"]),
        ("ServiceVolumeImage", keys(ServiceVolumeImage.CodingKeys.self), ["definitions/service/properties/volumes/items/oneOf/1/properties/image"]),
        ("ServiceNetworkConfig", keys(ServiceNetworkConfig.CodingKeys.self), ["definitions/service/properties/networks/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$/oneOf/0"]),
        ("ServiceModelConfig", keys(ServiceModelConfig.CodingKeys.self), ["definitions/service/properties/models/oneOf/1/patternProperties/^[a-zA-Z0-9._-]+$"]),
        ("FileReference", keys(FileReference.CodingKeys.self), ["definitions/service_config_or_secret/items/oneOf/1"]),
        ("DeviceMapping", keys(DeviceMapping.CodingKeys.self), ["definitions/service/properties/devices/items/oneOf/1"]),
        ("EnvFileConfig", keys(EnvFileConfig.CodingKeys.self), ["definitions/env_file/oneOf/1/items/oneOf/1"]),
        ("ExtendsConfig", keys(ExtendsConfig.CodingKeys.self), ["definitions/service/properties/extends/oneOf/1"]),
        ("ServiceProviderConfig", keys(ServiceProviderConfig.CodingKeys.self), ["definitions/service/properties/provider"]),
        ("NetworkConfig", keys(NetworkConfig.CodingKeys.self), ["definitions/network"]),
        ("IPAMConfig", keys(IPAMConfig.CodingKeys.self), ["definitions/network/properties/ipam"]),
        ("IPAMPool", keys(IPAMPool.CodingKeys.self), ["definitions/network/properties/ipam/properties/config/items"]),
        ("VolumeConfig", keys(VolumeConfig.CodingKeys.self), ["definitions/volume"]),
        // Secrets have `driver`/`driver_opts`, configs `content`.
        ("FileObjectConfig", keys(FileObjectConfig.CodingKeys.self), ["definitions/secret", "definitions/config"]),
        ("ModelConfig", keys(ModelConfig.CodingKeys.self), ["definitions/model"]),
        ("UlimitsConfig", keys(UlimitsConfig.CodingKeys.self), ["definitions/ulimits/patternProperties/^[a-z]+$/oneOf/1"]),
    ]

    /// Keys the decoder accepts that the model does not keep, and why.
    static let decodeOnly: [String: Set<String>] = [
        // `version` is obsolete (accepted, warned about, dropped); `include` is resolved by the
        // loader, which merges the included files before the model exists.
        "Project": ["version", "include"],
    ]

    static func keys<K: CodingKey & CaseIterable>(_: K.Type) -> [String] {
        K.allCases.map(\.stringValue)
    }

    static func schemaObject(_ schema: Any, _ path: String) throws -> [String: Any] {
        var node = schema
        for part in path.split(separator: "/").map(String.init) {
            if let list = node as? [Any], let i = Int(part), list.indices.contains(i) {
                node = list[i]
            } else if let object = node as? [String: Any], let next = object[part] {
                node = next
            } else {
                throw SchemaPathError(path: path, at: part)
            }
        }
        guard let object = node as? [String: Any] else { throw SchemaPathError(path: path, at: "(end)") }
        return object
    }

    struct SchemaPathError: Error, CustomStringConvertible {
        let path: String
        let at: String
        var description: String { "no schema object at \(path) (stopped at \(at))" }
    }

    @Test func everyModelStructIsChecked() {
        #expect(Set(Self.structs.map(\.name)) == Set(ModelKeys.all.keys))
        #expect(Self.structs.count == Self.structs.map(\.name).count)
    }

    @Test func schemaDecoderAndModelKeysAgree() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
        let schema = try JSONSerialization.jsonObject(with: data)
        for s in Self.structs {
            var schemaKeys: Set<String> = []
            var extensible = false
            for path in s.schema {
                let object = try Self.schemaObject(schema, path)
                let properties = object["properties"] as? [String: Any] ?? [:]
                #expect(!properties.isEmpty, "\(s.name): no properties at \(path)")
                schemaKeys.formUnion(properties.keys)
                extensible = extensible || (object["patternProperties"] as? [String: Any])?["^x-"] != nil
            }
            #expect(ModelKeys.extensible.contains(s.name) == extensible, "\(s.name): takes x-* keys in the schema: \(extensible)")
            let decoderKeys = ModelKeys.all[s.name] ?? []
            #expect(Set(decoderKeys).count == decoderKeys.count, "\(s.name): a decoder key is listed twice")
            #expect(Set(decoderKeys).subtracting(schemaKeys).sorted() == [], "\(s.name): decoder keys not in the schema")
            #expect(schemaKeys.subtracting(decoderKeys).sorted() == [], "\(s.name): schema keys the decoder rejects")
            let model = Set(s.codingKeys).union(Self.decodeOnly[s.name] ?? [])
            #expect(model.subtracting(decoderKeys).sorted() == [], "\(s.name): CodingKeys the decoder rejects")
            #expect(Set(decoderKeys).subtracting(model).sorted() == [], "\(s.name): decoder keys the model drops")
        }
    }

    /// The lists are the ones the decoder uses: an unknown key is suggested from them.
    @Test func decoderSuggestsFromTheGeneratedLists() throws {
        let yaml = """
            services:
              web:
                image: x
                pull_refresh_afterr: 1h
                deploy:
                  resources:
                    limits: {pidz: 3}
            """
        let diagnostics = try decodeDiagnostics(yaml)
        #expect(diagnostics.contains { $0.contains("'pull_refresh_afterr' not allowed: did you mean \"pull_refresh_after\"?") })
        #expect(diagnostics.contains { $0.contains("'pidz' not allowed: did you mean \"pids\"?") })
    }

    func decodeDiagnostics(_ text: String) throws -> [String] {
        guard let doc = try YAMLParser.parse(text, file: "compose.yaml").first else { return [] }
        let (_, diagnostics) = ProjectDecoder.decode(doc, context: DecodeContext(workingDir: "/w", homeDir: "/h"))
        return diagnostics.map(\.description)
    }
}
