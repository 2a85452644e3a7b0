import EngineClient

/// The engine's IPAM pool (ComposeModel has a type of the same name).
typealias EngineIPAMPool = IPAMPool
