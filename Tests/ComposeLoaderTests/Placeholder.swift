import Testing

@Test func ComposeLoaderTestsBuilds() {
    #expect(1 + 1 == 2)
}
