import Testing

@Test func ComposePlannerTestsBuilds() {
    #expect(1 + 1 == 2)
}
