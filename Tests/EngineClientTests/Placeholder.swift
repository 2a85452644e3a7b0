import Testing

@Test func EngineClientTestsBuilds() {
    #expect(1 + 1 == 2)
}
