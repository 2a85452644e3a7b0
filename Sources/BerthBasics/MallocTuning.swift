#if canImport(Glibc)
import CMalloc
#endif

/// How the process allocates.
public enum MallocTuning {
    /// Makes every thread allocate from glibc's one main arena; call it before any thread
    /// starts. Berth's commands run on the concurrency pool's threads, and glibc gives each of
    /// them an arena of its own, which it grows a few pages at a time with one `mprotect` call
    /// each: `config -q` of 500 services made 817 of them, about a quarter of its CPU time
    /// (`strace -c`, `perf stat`). The main arena grows with `brk`, 128 KiB at a time. Berth
    /// runs few threads, so one shared arena lock costs nothing measurable.
    public static func oneArena() {
        #if canImport(Glibc)
        _ = mallopt(M_ARENA_MAX, 1)
        #endif
    }
}
