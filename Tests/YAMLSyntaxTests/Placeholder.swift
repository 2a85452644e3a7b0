import Testing

@Test func YAMLSyntaxTestsBuilds() {
    #expect(1 + 1 == 2)
}
