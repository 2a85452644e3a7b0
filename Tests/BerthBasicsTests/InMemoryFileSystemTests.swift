import BerthBasics
import Testing

@Suite struct InMemoryFileSystemTests {
    let fs = InMemoryFileSystem(
        files: ["/work/compose.yaml": "services: {}\n", "/work/app/main.c": "int main;", "/bin/helper": "#!"],
        directories: ["/work/empty"], symlinks: ["/work/current": "app", "/work/abs": "/bin/helper", "/work/loop": "loop"],
        executables: ["/bin/helper"], currentDirectory: "/work", homeDirectory: "/home/me")

    @Test func directoriesAreImpliedByTheirFiles() throws {
        #expect(fs.isDirectory("/"))
        #expect(fs.isDirectory("/work"))
        #expect(fs.isDirectory("/work/app"))
        #expect(fs.isDirectory("/work/empty"))
        #expect(!fs.isDirectory("/work/compose.yaml"))
        #expect(!fs.isDirectory("/wor"))
        #expect(try fs.listDirectory("/work").sorted() == ["abs", "app", "compose.yaml", "current", "empty", "loop"])
        #expect(try fs.listDirectory("/").sorted() == ["bin", "work"])
        #expect(try fs.listDirectory("/work/empty").isEmpty)
    }

    @Test func errorsMatchTheLocalOnes() {
        #expect(throws: FileSystemError(path: "/work/nope", reason: "no such file or directory")) { try fs.readFile("/work/nope") }
        #expect(throws: FileSystemError(path: "/work/app", reason: "is a directory")) { try fs.readFile("/work/app") }
        #expect(throws: FileSystemError(path: "/work/compose.yaml", reason: "not a directory")) { try fs.listDirectory("/work/compose.yaml") }
        #expect(throws: FileSystemError(operation: "lstat", path: "/x", reason: "no such file or directory")) {
            try fs.metadata("/x", followSymlinks: false)
        }
    }

    @Test func symlinksAreFollowedWhereTheHostWouldFollowThem() throws {
        #expect(try fs.readFile("/work/abs") == Array("#!".utf8))
        #expect(fs.isDirectory("/work/current"))
        #expect(try fs.listDirectory("/work/current") == ["main.c"])
        #expect(try fs.metadata("/work/current", followSymlinks: false) == FileMetadata(kind: .symlink, mode: 0o777, size: 3, symlinkTarget: "app"))
        #expect(try fs.metadata("/work/current", followSymlinks: true).kind == .directory)
        #expect(fs.isExecutableFile("/work/abs"))
        #expect(!fs.isExecutableFile("/work/compose.yaml"))
        // Links inside a path are followed too; lstat leaves only the last one alone.
        #expect(try fs.readFile("/work/current/main.c") == Array("int main;".utf8))
        #expect(try fs.metadata("/work/current/main.c", followSymlinks: false).kind == .regular)
        #expect(!fs.fileExists("/work/current/nothing"))
        // A link to itself ends after the hop limit instead of looping.
        #expect(!fs.fileExists("/work/loop"))
    }

    @Test func metadataOfFiles() throws {
        #expect(try fs.metadata("/work/app/main.c", followSymlinks: false) == FileMetadata(kind: .regular, mode: 0o644, size: 9))
        #expect(try fs.metadata("/bin/helper", followSymlinks: false).mode == 0o755)
        #expect(fs.currentDirectory == "/work")
        #expect(fs.homeDirectory == "/home/me")
    }
}
