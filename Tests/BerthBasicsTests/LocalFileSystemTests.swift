import BerthBasics
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LocalFileSystemTests {
    let fs = LocalFileSystem()

    @Test func readsFilesAndAnswersWhatIsThere() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("a.txt", "hello\n")
        try dir.write("sub/b.txt", "")
        #expect(try fs.readFile(dir.path + "/a.txt") == Array("hello\n".utf8))
        #expect(try fs.readFile(dir.path + "/sub/b.txt").isEmpty)
        #expect(fs.fileExists(dir.path + "/a.txt"))
        #expect(fs.fileExists(dir.path + "/sub"))
        #expect(!fs.fileExists(dir.path + "/missing"))
        #expect(fs.isDirectory(dir.path + "/sub"))
        #expect(!fs.isDirectory(dir.path + "/a.txt"))
        #expect(fs.contentsIfReadable(dir.path + "/missing") == nil)
    }

    @Test func errorsUseComposeWords() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("file", "x")
        #expect(throws: FileSystemError(path: dir.path + "/missing", reason: "no such file or directory")) {
            try fs.readFile(dir.path + "/missing")
        }
        #expect(throws: FileSystemError(path: dir.path, reason: "is a directory")) { try fs.readFile(dir.path) }
        let error = FileSystemError(path: "/x/compose.yaml", reason: FileSystemError.notFound)
        #expect(error.description == "open /x/compose.yaml: no such file or directory")
        #expect(throws: FileSystemError(operation: "lstat", path: dir.path + "/missing", reason: "no such file or directory")) {
            try fs.metadata(dir.path + "/missing", followSymlinks: false)
        }
        #expect(throws: FileSystemError(operation: "stat", path: dir.path + "/missing", reason: "no such file or directory")) {
            try fs.metadata(dir.path + "/missing", followSymlinks: true)
        }
        #expect(throws: FileSystemError(path: dir.path + "/file", reason: "not a directory")) { try fs.listDirectory(dir.path + "/file") }
        #expect(throws: FileSystemError(path: dir.path + "/none", reason: "no such file or directory")) { try fs.listDirectory(dir.path + "/none") }
    }

    @Test func listsADirectoryWithoutDotEntries() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("b", "")
        try dir.write("a", "")
        try dir.write(".hidden", "")
        try dir.write("sub/deep", "")
        #expect(try fs.listDirectory(dir.path).sorted() == [".hidden", "a", "b", "sub"])
        #expect(try fs.listDirectory(dir.path + "/sub") == ["deep"])
        try FileManager.default.createDirectory(atPath: dir.path + "/empty", withIntermediateDirectories: false)
        #expect(try fs.listDirectory(dir.path + "/empty").isEmpty)
    }

    @Test func metadataOfFilesDirectoriesAndLinks() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("run.sh", "#!/bin/sh\n")
        let script = dir.path + "/run.sh"
        #expect(chmod(script, 0o4755) == 0)
        var times = [timespec(tv_sec: 1_700_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 500)]
        #expect(utimensat(AT_FDCWD, script, &times, 0) == 0)
        #expect(symlink("run.sh", dir.path + "/link") == 0)
        #expect(symlink("gone", dir.path + "/dangling") == 0)
        #expect(mkfifo(dir.path + "/fifo", 0o600) == 0)

        let file = try fs.metadata(script, followSymlinks: false)
        #expect(file.kind == .regular)
        #expect(file.mode == 0o4755)
        #expect(file.size == 10)
        #expect(file.modified == 1_600_000_000)
        #expect(file.uid == Int(getuid()))
        #expect(file.gid == Int(getgid()))
        #expect(file.symlinkTarget == nil)
        #expect(fs.isExecutableFile(script))
        #expect(!fs.isExecutableFile(dir.path + "/fifo"))

        let link = try fs.metadata(dir.path + "/link", followSymlinks: false)
        #expect(link.kind == .symlink)
        #expect(link.symlinkTarget == "run.sh")
        #expect(link.size == 6)
        let followed = try fs.metadata(dir.path + "/link", followSymlinks: true)
        #expect(followed == file)

        #expect(try fs.metadata(dir.path + "/dangling", followSymlinks: false).symlinkTarget == "gone")
        #expect(throws: FileSystemError.self) { try fs.metadata(dir.path + "/dangling", followSymlinks: true) }
        #expect(!fs.fileExists(dir.path + "/dangling"))

        #expect(try fs.metadata(dir.path, followSymlinks: false).kind == .directory)
        #expect(try fs.metadata(dir.path + "/fifo", followSymlinks: false).kind == .other)
        #expect(try fs.metadata(dir.path + "/fifo", followSymlinks: false).mode == 0o600)
    }

    @Test func currentAndHomeDirectory() {
        #expect(fs.currentDirectory == FileManager.default.currentDirectoryPath)
        #expect(fs.currentDirectory.hasPrefix("/"))
        #expect(fs.homeDirectory == (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()))
    }
}

@Suite struct DirectoryEntriesTests {
    @Test func entriesCarryTheirTypes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try dir.write("file", "x")
        try dir.write("sub/inner", "")
        #expect(symlink("file", dir.path + "/link") == 0)
        let fs = LocalFileSystem()
        let entries = try fs.directoryEntries(dir.path).sorted { $0.name < $1.name }
        #expect(entries.map(\.name) == ["file", "link", "sub"])
        // tmpfs and ext4 report types; a file system that does not leaves them nil.
        for (entry, kind) in zip(entries, [FileMetadata.Kind.regular, .symlink, .directory]) {
            #expect(entry.kind == nil || entry.kind == kind)
            #expect(try fs.metadata(dir.path + "/" + entry.name, followSymlinks: false).kind == kind)
        }
        #expect(throws: FileSystemError(path: dir.path + "/file", reason: "not a directory")) { try fs.directoryEntries(dir.path + "/file") }
    }
}
