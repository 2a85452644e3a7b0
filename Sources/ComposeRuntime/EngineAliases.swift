import EngineClient

// EngineClient's module name is shadowed by its `EngineClient` class, and some of its type
// names clash with ComposeModel's, ComposePlanner's or Foundation's: these names are unambiguous.
typealias EngineRestartPolicy = RestartPolicy
typealias EngineDeviceRequest = DeviceRequest
typealias EngineDeviceMapping = DeviceMapping
typealias EngineUlimit = Ulimit
typealias EngineIPAM = IPAM
typealias EngineIPAMPool = IPAMPool
typealias EngineOutputStream = OutputStream
