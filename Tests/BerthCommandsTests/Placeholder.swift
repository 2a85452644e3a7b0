import Testing

@Test func BerthCommandsTestsBuilds() {
    #expect(1 + 1 == 2)
}
