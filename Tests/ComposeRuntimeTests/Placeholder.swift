import Testing

@Test func ComposeRuntimeTestsBuilds() {
    #expect(1 + 1 == 2)
}
