import ComposeModel
import ComposePlanner
import Testing

struct PlannerUpTests {
    let db = svc("db", volumes: [ServiceVolumeConfig(type: "volume", source: "data", target: "/var/lib/db")])
    let web = svc("web", dependsOn: deps("db"))
    var p: Project { project(db, web, volumes: ["data": VolumeConfig(name: "p_data")]) }
    var dataVolume: ObservedVolume {
        ObservedVolume(name: "p_data", labels: [ComposeLabels.project: "p", ComposeLabels.volume: "data",
                                                ComposeLabels.configHash: ConfigHash.hash(volume: VolumeConfig(name: "p_data"))])
    }
    var steady: ObservedState {
        ObservedState(containers: [container(db, 1), container(web, 1)], networks: [observedDefaultNetwork()], volumes: [dataVolume])
    }

    @Test func freshProjectCreatesEverythingInDependencyOrder() throws {
        let plan = try Planner.plan(project: p, observed: ObservedState())
        #expect(plan.render() == [
            "create network p_default (not found)",
            "create volume p_data (not found)",
            "create container p-db-1 (not found)",
            "start container p-db-1 (new)",
            "create container p-web-1 (not found)",
            "start container p-web-1 (new)",
        ])
        #expect(isOrdered(plan))
        #expect(plan.waits("create container p-db-1", on: "create network p_default"))
        #expect(plan.waits("create container p-db-1", on: "create volume p_data"))
        #expect(plan.waits("create container p-web-1", on: "create container p-db-1"))
        #expect(plan.waits("start container p-web-1", on: "start container p-db-1"))
        #expect(!plan.waits("create container p-web-1", on: "start container p-db-1"))
        #expect(plan.warnings.isEmpty)
    }

    @Test func planEncodesForJSONOutput() throws {
        let plan = try Planner.plan(project: p, observed: ObservedState())
        let json = try CanonicalEncoder().encodeValue(plan).text
        #expect(json.contains(#""createNetwork":{"key":"default","name":"p_default"}"#))
        #expect(json.contains(#""reason":"not found""#))
    }

    @Test func nothingToDoWhenHashesMatchAndRunning() throws {
        let plan = try Planner.plan(project: p, observed: steady)
        #expect(plan.isEmpty)
        #expect(plan.warnings.isEmpty)
    }

    @Test(arguments: [
        (ContainerState.exited, "start container p-db-1 (exited)"),
        (ContainerState.created, "start container p-db-1 (created)"),
        (ContainerState.paused, "unpause container p-db-1 (paused)"),
    ])
    func stoppedContainerIsStartedAgain(state: ContainerState, line: String) throws {
        var observed = steady
        observed.containers[0] = container(db, 1, state: state)
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.render() == [line])
    }

    @Test func restartingContainerIsLeftAlone() throws {
        var observed = steady
        observed.containers[0] = container(db, 1, state: .restarting)
        #expect(try Planner.plan(project: p, observed: observed).isEmpty)
    }

    @Test func deadContainerIsRecreated() throws {
        var observed = steady
        observed.containers[0] = container(db, 1, state: .dead)
        #expect(try Planner.plan(project: p, observed: observed).render().first == "recreate container p-db-1 (dead)")
    }

    @Test func configChangeRecreatesWithReason() throws {
        var changed = p
        changed.services["web"]?.environment["MODE"] = "prod"
        let old = container(web, 1, id: "0123456789abcdef9999")
        let observed = ObservedState(containers: [container(db, 1), old], networks: [observedDefaultNetwork()], volumes: [dataVolume])

        let plain = try Planner.plan(project: changed, observed: observed)
        #expect(plain.render() == [
            "recreate container p-web-1 (config hash changed)",
            "start container p-web-1 (recreated)",
        ])
        guard case .recreateContainer(let t, let tmp, let renew) = plain.actions[0].kind else {
            Issue.record("not a recreate")
            return
        }
        #expect(t == ContainerTarget(service: "web", number: 1, name: "p-web-1", id: old.id))
        #expect(tmp == "0123456789ab_p-web-1")
        #expect(!renew)
        #expect(plain.waits("start container p-web-1", on: "recreate container p-web-1"))

        let rich = try Planner.plan(project: changed, observed: observed, options: PlanOptions(previousServices: ["web": web]))
        #expect(rich.render().first == "recreate container p-web-1 (config changed: environment.MODE)")

        let renewed = try Planner.plan(project: changed, observed: observed, options: PlanOptions(renewAnonVolumes: true))
        if case .recreateContainer(_, _, let renew) = renewed.actions[0].kind { #expect(renew) }
    }

    @Test func previousServiceThatDoesNotMatchTheLabelIsNotTrusted() throws {
        var changed = p
        changed.services["web"]?.environment["MODE"] = "prod"
        var unrelated = web
        unrelated.image = "other"
        let plan = try Planner.plan(project: changed, observed: steady, options: PlanOptions(previousServices: ["web": unrelated]))
        #expect(plan.render().first == "recreate container p-web-1 (config hash changed)")
    }

    @Test func imageChangedRecreates() throws {
        var observed = steady
        observed.containers[1] = container(web, 1, labels: [ComposeLabels.image: "sha256:old"])
        let plan = try Planner.plan(project: p, observed: observed, options: PlanOptions(imageDigests: ["web": "sha256:new", "db": ""]))
        #expect(plan.render().contains("recreate container p-web-1 (image changed)"))
        // No label and an empty expected digest agree, as in Compose.
        #expect(!plan.render().contains { $0.contains("p-db-1") })
        let same = try Planner.plan(project: p, observed: observed, options: PlanOptions(imageDigests: ["web": "sha256:old"]))
        #expect(same.isEmpty)
    }

    @Test func scaleUpAddsNextNumbers() throws {
        let plan = try Planner.plan(project: p, observed: steady, options: PlanOptions(scale: ["web": 3]))
        #expect(plan.render() == [
            "create container p-web-2 (scaled 1 → 3)",
            "start container p-web-2 (new)",
            "create container p-web-3 (scaled 1 → 3)",
            "start container p-web-3 (new)",
        ])
    }

    @Test func scaleFromServiceDefinition() throws {
        var scaled = p
        scaled.services["web"]?.deploy = DeployConfig(replicas: 2)
        // Compose v2 hashes a `deploy` without its replicas, so web-1 (created from `deploy:
        // {replicas: 1}`) is kept.
        var one = web
        one.deploy = DeployConfig(replicas: 1)
        let observed = ObservedState(
            containers: [container(db, 1), container(one, 1)], networks: [observedDefaultNetwork()], volumes: [dataVolume])
        let plan = try Planner.plan(project: scaled, observed: observed)
        #expect(plan.render() == ["create container p-web-2 (scaled 1 → 2)", "start container p-web-2 (new)"])
    }

    @Test func scaleDownRemovesHighestNumbersFirst() throws {
        var observed = steady
        observed.containers += [container(web, 2), container(web, 3)]
        let plan = try Planner.plan(project: p, observed: observed, options: PlanOptions(scale: ["web": 1]))
        #expect(plan.render() == [
            "stop container p-web-3 (scaled 3 → 1)",
            "remove container p-web-3 (scaled 3 → 1)",
            "stop container p-web-2 (scaled 3 → 1)",
            "remove container p-web-2 (scaled 3 → 1)",
        ])
        #expect(plan.waits("remove container p-web-3", on: "stop container p-web-3"))
    }

    @Test func scaleDownRemovesObsoleteContainersFirst() throws {
        var observed = steady
        observed.containers[1] = container(web, 1, hash: "stale")
        observed.containers += [container(web, 2), container(web, 3)]
        let plan = try Planner.plan(project: p, observed: observed, options: PlanOptions(scale: ["web": 2]))
        // Kept: 2 and 3 (up to date); the obsolete #1 goes, nothing is recreated.
        #expect(plan.render() == [
            "stop container p-web-1 (scaled 3 → 2)",
            "remove container p-web-1 (scaled 3 → 2)",
        ])
    }

    @Test func scaleToZeroRemovesAll() throws {
        let plan = try Planner.plan(project: p, observed: steady, options: PlanOptions(scale: ["web": 0]))
        #expect(plan.render() == ["stop container p-web-1 (scaled 1 → 0)", "remove container p-web-1 (scaled 1 → 0)"])
    }

    @Test func gapsAreNotRefilled() throws {
        var observed = steady
        observed.containers += [container(web, 3)]
        let plan = try Planner.plan(project: p, observed: observed, options: PlanOptions(scale: ["web": 3]))
        #expect(plan.render() == ["create container p-web-4 (scaled 2 → 3)", "start container p-web-4 (new)"])
    }

    @Test func obsoleteKeptReplicaIsRecreatedWhileScaling() throws {
        var observed = steady
        observed.containers[1] = container(web, 1, hash: "stale")
        let plan = try Planner.plan(project: p, observed: observed, options: PlanOptions(scale: ["web": 2]))
        #expect(plan.render() == [
            "recreate container p-web-1 (config hash changed)",
            "start container p-web-1 (recreated)",
            "create container p-web-2 (scaled 1 → 2)",
            "start container p-web-2 (new)",
        ])
    }

    @Test func orphansOnlyRemovedWhenAsked() throws {
        var observed = steady
        let old = container(svc("old"), 1)
        let debug = container(svc("debug"), 1)
        observed.containers += [old, debug]
        let warned = try Planner.plan(project: p, observed: observed, options: PlanOptions(disabledServices: ["debug"]))
        #expect(warned.isEmpty)
        #expect(warned.warnings == [
            "Found orphan containers ([p-old-1]) for this project. If you removed or renamed this service in your "
                + "compose file, you can run this command with the --remove-orphans flag to clean it up.",
        ])
        let removed = try Planner.plan(
            project: p, observed: observed, options: PlanOptions(removeOrphans: true, disabledServices: ["debug"]))
        #expect(removed.render() == ["stop container p-old-1 (orphan)", "remove container p-old-1 (orphan)"])
        #expect(removed.warnings.isEmpty)
    }

    @Test func exitedOneoffIsAnOrphanRunningOneIsNot() {
        let exited = container(web, nil, state: .exited, name: "p-web-run-abc", id: "r1", labels: [ComposeLabels.oneoff: "True"])
        let running = container(web, nil, state: .running, name: "p-web-run-def", id: "r2", labels: [ComposeLabels.oneoff: "True"])
        let orphans = Planner.orphans(project: p, observed: ObservedState(containers: [exited, running]))
        #expect(orphans.map(\.id) == ["r1"])
    }

    @Test func noRecreateKeepsChangedContainers() throws {
        var changed = p
        changed.services["web"]?.environment["MODE"] = "prod"
        var observed = steady
        observed.containers[1] = container(web, 1, state: .exited)
        let plan = try Planner.plan(project: changed, observed: observed, options: PlanOptions(noRecreate: true))
        #expect(plan.render() == ["start container p-web-1 (exited)"])
    }

    @Test func forceRecreateRecreatesTargetsButNotTheirDependencies() throws {
        let all = try Planner.plan(project: p, observed: steady, options: PlanOptions(forceRecreate: true))
        #expect(all.render().filter { $0.hasPrefix("recreate") } == [
            "recreate container p-db-1 (--force-recreate)",
            "recreate container p-web-1 (--force-recreate)",
        ])
        let webOnly = try Planner.plan(project: p, observed: steady, options: PlanOptions(forceRecreate: true, services: ["web"]))
        #expect(webOnly.render().filter { $0.hasPrefix("recreate") } == ["recreate container p-web-1 (--force-recreate)"])
        let withDeps = try Planner.plan(
            project: p, observed: steady, options: PlanOptions(alwaysRecreateDeps: true, services: ["web"]))
        #expect(withDeps.render().filter { $0.hasPrefix("recreate") } == ["recreate container p-db-1 (--always-recreate-deps)"])
    }

    @Test func selectedServicesPullInDependenciesUnlessNoDeps() throws {
        let withDeps = try Planner.plan(project: p, observed: ObservedState(), options: PlanOptions(services: ["web"]))
        #expect(withDeps.render().contains("create container p-db-1 (not found)"))
        let noDeps = try Planner.plan(project: p, observed: ObservedState(), options: PlanOptions(noDeps: true, services: ["web"]))
        #expect(noDeps.render() == [
            "create network p_default (not found)",
            "create container p-web-1 (not found)",
            "start container p-web-1 (new)",
        ])
        #expect(throws: PlanError.noSuchService("nope")) {
            try Planner.plan(project: p, observed: ObservedState(), options: PlanOptions(services: ["nope"]))
        }
    }

    @Test func noStartOnlyCreates() throws {
        let plan = try Planner.plan(project: p, observed: ObservedState(), options: PlanOptions(noStart: true, timeout: 3))
        #expect(plan.render().allSatisfy { $0.hasPrefix("create") })
        #expect(plan.stopTimeout == 3)
    }

    @Test func dependentsWithRestartTrueAreRestartedAroundTheRecreate() throws {
        var restartWeb = web
        restartWeb.dependsOn = ["db": ServiceDependency(restart: true)]
        var changed = project(db, restartWeb, volumes: ["data": VolumeConfig(name: "p_data")])
        changed.services["db"]?.environment["V"] = "2"
        let observed = ObservedState(
            containers: [container(db, 1), container(restartWeb, 1)], networks: [observedDefaultNetwork()], volumes: [dataVolume])
        let plan = try Planner.plan(project: changed, observed: observed)
        #expect(Set(plan.render()) == [
            "recreate container p-db-1 (config hash changed)",
            "start container p-db-1 (recreated)",
            "stop container p-web-1 (dependency db is recreated)",
            "start container p-web-1 (dependency db was recreated)",
        ])
        #expect(isOrdered(plan))
        #expect(plan.waits("recreate container p-db-1", on: "stop container p-web-1"))
        #expect(plan.waits("start container p-web-1", on: "start container p-db-1"))

        // Without restart: true the dependent is left running.
        var plainChanged = p
        plainChanged.services["db"]?.environment["V"] = "2"
        let untouched = try Planner.plan(project: plainChanged, observed: steady)
        #expect(!untouched.render().contains { $0.contains("p-web-1") })
    }

    @Test func sharedNamespaceFollowsItsParent() throws {
        let side = svc("side", networkMode: "service:db")
        var changed = project(db, side, volumes: ["data": VolumeConfig(name: "p_data")])
        let observed = ObservedState(
            containers: [container(db, 1), container(side, 1)], networks: [observedDefaultNetwork()], volumes: [dataVolume])
        #expect(try Planner.plan(project: changed, observed: observed).isEmpty)
        changed.services["db"]?.environment["V"] = "2"
        let plan = try Planner.plan(project: changed, observed: observed)
        #expect(plan.render().contains("recreate container p-side-1 (shares namespace or volumes with recreated service db)"))
        #expect(plan.waits("recreate container p-side-1", on: "recreate container p-db-1"))
    }

    @Test func containerNameRules() throws {
        let named = project(svc("web", scale: 2, containerName: "mine"))
        #expect(throws: PlanError.containerNameWithScale(service: "web", containerName: "mine")) {
            try Planner.plan(project: named, observed: ObservedState())
        }
        let clash = project(svc("a", containerName: "same"), svc("b", containerName: "same"))
        #expect(throws: PlanError.containerNameInUse(service: "b", containerName: "same", usedBy: "a")) {
            try Planner.plan(project: clash, observed: ObservedState())
        }
        #expect(PlanError.containerNameInUse(service: "b", containerName: "same", usedBy: "a").description
            == "services.b: container name \"same\" is already in use by service a")
        let single = try Planner.plan(project: project(svc("web", containerName: "mine")), observed: ObservedState())
        #expect(single.render().contains("create container mine (not found)"))
    }

    @Test func interruptedRecreateConverges() throws {
        // Killed after creating the replacement and before removing the old container.
        let old = container(web, 1, hash: "stale", id: "aaaaaaaaaaaa0000")
        let replacement = container(web, 1, name: "aaaaaaaaaaaa_p-web-1", id: "bbbbbbbbbbbb0000", created: 10)
        let observed = ObservedState(
            containers: [container(db, 1), old, replacement], networks: [observedDefaultNetwork()], volumes: [dataVolume])
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.render() == [
            "stop container p-web-1 (duplicate container number 1)",
            "remove container p-web-1 (duplicate container number 1)",
            "rename container aaaaaaaaaaaa_p-web-1 to p-web-1 (left under a temporary name)",
        ])
        #expect(plan.waits("rename container", on: "remove container p-web-1"))

        // The same with two replicas wanted: still one container per number.
        let scaled = try Planner.plan(project: p, observed: observed, options: PlanOptions(scale: ["web": 2]))
        #expect(scaled.render() == [
            "stop container p-web-1 (duplicate container number 1)",
            "remove container p-web-1 (duplicate container number 1)",
            "rename container aaaaaaaaaaaa_p-web-1 to p-web-1 (left under a temporary name)",
            "create container p-web-2 (scaled 1 → 2)",
            "start container p-web-2 (new)",
        ])

        // Killed after removing the old one, before the rename.
        let alone = ObservedState(
            containers: [container(db, 1), replacement], networks: [observedDefaultNetwork()], volumes: [dataVolume])
        #expect(try Planner.plan(project: p, observed: alone).render() == [
            "rename container aaaaaaaaaaaa_p-web-1 to p-web-1 (left under a temporary name)",
        ])
    }

    @Test func containerWithoutNumberIsReplaced() throws {
        var observed = steady
        observed.containers[1] = container(web, nil, name: "p-web-x")
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.render() == [
            "stop container p-web-x (no container number label)",
            "remove container p-web-x (no container number label)",
            "create container p-web-1 (not found)",
            "start container p-web-1 (new)",
        ])
    }

    @Test func changedNetworkIsRecreatedWithItsContainers() throws {
        var observed = steady
        observed.networks = [ObservedNetwork(
            id: "net1", name: "p_default",
            labels: [ComposeLabels.project: "p", ComposeLabels.network: "default", ComposeLabels.configHash: "old"],
            containerIDs: steady.containers.map(\.id))]
        let plan = try Planner.plan(project: p, observed: observed)
        let reason = "network p_default config changed"
        #expect(plan.render() == [
            "stop container p-db-1 (\(reason))",
            "remove container p-db-1 (\(reason))",
            "stop container p-web-1 (\(reason))",
            "remove container p-web-1 (\(reason))",
            "remove network p_default (config changed)",
            "create network p_default (config changed)",
            "create container p-db-1 (\(reason))",
            "start container p-db-1 (new)",
            "create container p-web-1 (\(reason))",
            "start container p-web-1 (new)",
        ])
        #expect(plan.waits("remove network p_default", on: "remove container p-web-1"))
        #expect(plan.waits("create container p-web-1", on: "create network p_default"))

        let kept = try Planner.plan(project: p, observed: observed, options: PlanOptions(recreateOnNetworkChange: false))
        #expect(kept.isEmpty)
        #expect(kept.warnings.count == 1)
    }

    @Test func missingNetworkRecreatesItsContainers() throws {
        var observed = steady
        observed.networks = []
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.render().first == "create network p_default (not found)")
        #expect(plan.render().contains("recreate container p-web-1 (network p_default is being created)"))
    }

    @Test func containerDetachedFromItsNetworkIsRecreated() throws {
        var observed = steady
        observed.containers[1].networks = ["bridge": "b0"]
        observed.containers[0].networks = ["p_default": "net1"]
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.render().first == "recreate container p-web-1 (not connected to network p_default)")
        #expect(!plan.render().contains { $0.contains("p-db-1") && $0.hasPrefix("recreate") })
    }

    @Test func missingNamedVolumeMountRecreates() throws {
        var observed = steady
        observed.containers[0].volumeNames = []
        #expect(try Planner.plan(project: p, observed: observed).render().first == "recreate container p-db-1 (volume p_data not mounted)")
    }

    @Test func foreignResourcesWarnAndExternalsMustExist() throws {
        var observed = steady
        observed.networks = [ObservedNetwork(id: "n", name: "p_default")]
        observed.volumes = [ObservedVolume(name: "p_data")]
        let plan = try Planner.plan(project: p, observed: observed)
        #expect(plan.isEmpty)
        #expect(plan.warnings.count == 2)

        var external = p
        external.networks["default"] = NetworkConfig(name: "shared", external: true)
        #expect(throws: PlanError.externalNetworkNotFound("shared")) {
            try Planner.plan(project: external, observed: ObservedState())
        }
        var externalVolume = p
        externalVolume.volumes["data"] = VolumeConfig(name: "keep", external: true)
        #expect(throws: PlanError.externalVolumeNotFound("keep")) {
            try Planner.plan(project: externalVolume, observed: ObservedState(networks: [observedDefaultNetwork()]))
        }
    }
}
