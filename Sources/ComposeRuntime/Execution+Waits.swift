import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

extension Execution {
    func waitDependencies(of service: Service) async throws {
        for dep in service.dependsOn.keys.sorted() {
            guard let d = service.dependsOn[dep], let depService = project.services[dep] else { continue }
            if let waitable = waitableDeps, !waitable.contains(dep) { continue }
            if d.condition == .serviceStarted { continue }
            if (depService.scale ?? depService.deploy?.replicas ?? 1) == 0 { continue }
            do {
                try await waits.run("\(dep)|\(d.condition.rawValue)") {
                    try await self.waitCondition(service: dep, condition: d.condition, dependent: service.name)
                }
            } catch let error as RuntimeError {
                if d.required {
                    throw RuntimeError(.dependencyFailed, "dependency failed to start: \(error.message)", container: error.container, service: dep)
                }
                let names = await registry.containers(of: dep).map(\.name)
                for resource in names.isEmpty ? ["Service \(dep)"] : names.map({ "Container \($0)" }) {
                    emit(resource, "Skipped: optional dependency \"\(dep)\" failed", .warning, error.message)
                }
            }
        }
    }

    /// Waits until `service`'s containers meet `condition`.
    func waitCondition(service: String, condition: DependencyCondition, dependent: String) async throws {
        let containers = await registry.containers(of: service)
        guard !containers.isEmpty else {
            throw RuntimeError(.dependencyFailed, "\(dependent) is missing dependency \(service)", service: service)
        }
        switch condition {
        case .serviceStarted:
            return
        case .serviceHealthy:
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in containers {
                    group.addTask { try await self.waitHealthy(name: c.name, id: c.id, fallbackRunning: false) }
                }
                try await group.waitForAll()
            }
        case .serviceCompletedSuccessfully:
            let (name, code) = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for c in containers {
                    group.addTask { (c.name, try await self.waitExited(name: c.name, id: c.id)) }
                }
                guard let first = try await group.next() else { return ("", 0) }
                group.cancelAll()
                return first
            }
            if code != 0 {
                throw RuntimeError(.notCompleted, "service \"\(service)\" didn't complete successfully: exit \(code)", container: name, service: service)
            }
            emit("Container \(name)", "Exited")
        @unknown default:
            return
        }
    }

    /// One inspect of the container (after the subscription is open), retried only if events
    /// for it arrived while the inspect was in flight.
    func refresh(id: String, name: String) async throws {
        guard let tracker else { throw RuntimeError(.other, "internal: waiting without an event subscription") }
        for _ in 0..<5 {
            let mark = await tracker.eventMark(id)
            let inspect = try await call("inspecting container \(name)", container: name) { try await self.client.inspectContainer(id) }
            if await tracker.merge(id, inspect: inspect, mark: mark) { return }
        }
    }

    func waitHealthy(name: String, id: String, fallbackRunning: Bool) async throws {
        guard let tracker else { return }
        let resource = "Container \(name)"
        emit(resource, "Waiting", .working)
        try await refresh(id: id, name: name)
        let verdict = try await tracker.wait(id) { s in
            switch s.status {
            case "exited", "dead": return .exited(s.exitCode ?? -1)
            case "removed": return .removed
            default: break
            }
            if s.hasHealthcheck == false {
                if fallbackRunning { return s.status == "running" ? .done : .pending }
                return .noHealthcheck
            }
            switch s.health {
            case "healthy": return .done
            case "unhealthy": return .unhealthy
            default: return .pending
            }
        }
        switch verdict {
        case .done, .pending:
            emit(resource, "Healthy")
        case .exited(let code):
            emit(resource, "Error", .error, "exited (\(code))")
            throw RuntimeError(.exited, "container \(name) exited (\(code))", container: name)
        case .removed:
            emit(resource, "Error", .error, "removed")
            throw RuntimeError(.exited, "container \(name) was removed", container: name)
        case .noHealthcheck:
            emit(resource, "Error", .error, "no healthcheck")
            throw RuntimeError(.noHealthcheck, "container \(name) has no healthcheck configured", container: name)
        case .unhealthy:
            var output = ""
            if let inspect = try? await call("inspecting container \(name)", container: name, { try await self.client.inspectContainer(id) }),
                let last = inspect.state?.health?.log?.last?.output
            {
                output = last.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            emit(resource, "Error", .error, "unhealthy")
            var message = "container \(name) is unhealthy"
            if !output.isEmpty { message += ": last check output: \(output)" }
            throw RuntimeError(.unhealthy, message, container: name)
        }
    }

    func waitExited(name: String, id: String) async throws -> Int {
        guard let tracker else { return 0 }
        emit("Container \(name)", "Waiting", .working)
        try await refresh(id: id, name: name)
        let verdict = try await tracker.wait(id) { s in
            switch s.status {
            case "exited", "dead": return .exited(s.exitCode ?? -1)
            case "removed": return .removed
            default: return .pending
            }
        }
        if case .exited(let code) = verdict { return code }
        throw RuntimeError(.exited, "container \(name) was removed", container: name)
    }

    /// `--wait`: every service running or healthy, or completed when something waits for its
    /// completion; within `timeout`.
    func waitHealthy(services: [String], timeout: Duration?) async throws {
        let completedOnes = Set(project.services.values.flatMap { s in
            s.dependsOn.filter { $0.value.condition == .serviceCompletedSuccessfully }.map(\.key)
        })
        let body: @Sendable () async throws -> Void = {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for s in services {
                    for c in await self.registry.containers(of: s) {
                        group.addTask {
                            if completedOnes.contains(s) {
                                let code = try await self.waitExited(name: c.name, id: c.id)
                                if code != 0 {
                                    throw RuntimeError(.notCompleted, "service \"\(s)\" didn't complete successfully: exit \(code)", container: c.name, service: s)
                                }
                            } else {
                                try await self.waitHealthy(name: c.name, id: c.id, fallbackRunning: true)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        guard let timeout else { return try await body() }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            if !first {
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
                throw RuntimeError(.timeout, "application not healthy after \(text)s")
            }
        }
    }
}
