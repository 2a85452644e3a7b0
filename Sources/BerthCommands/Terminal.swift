import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The controlling terminal for `exec`, `run` and `attach`: raw mode that is always undone
/// (normal return, `exit`, SIGINT/SIGTERM/SIGHUP/SIGQUIT), the window size, and SIGWINCH.
enum Terminal {
    /// The mode stdin had before `makeRaw`, restored on every way out.
    nonisolated(unsafe) private static var saved: termios?
    nonisolated(unsafe) private static var exitHookInstalled = false
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Rows and columns of the terminal on stdout (or stdin), nil without one.
    static func size() -> (rows: Int, columns: Int)? {
        var ws = winsize()
        for fd in [STDOUT_FILENO, STDIN_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_row > 0 {
            return (Int(ws.ws_row), Int(ws.ws_col))
        }
        return nil
    }

    /// Puts stdin in raw mode (no echo, no line editing, no signals from keys: Ctrl-C goes to
    /// the container as a byte). Undone by `restore()`, at exit, and on a terminating signal.
    /// With `terminateOnSignal` false the caller handles SIGTERM/SIGHUP/SIGQUIT itself
    /// (`run` passes them to the container); the terminal is still restored at exit.
    static func makeRaw(terminateOnSignal: Bool = true) {
        guard stdinIsTerminal, saved == nil else { return }
        var mode = termios()
        guard tcgetattr(STDIN_FILENO, &mode) == 0 else { return }
        saved = mode
        cfmakeraw(&mode)
        // Keep output post-processing so "\n" from a non-TTY stream still returns the carriage.
        mode.c_oflag |= tcflag_t(OPOST)
        tcsetattr(STDIN_FILENO, TCSANOW, &mode)
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit { Terminal.restore() }
        }
        for sig in [SIGTERM, SIGHUP, SIGQUIT] where terminateOnSignal {
            onSignal(sig) {
                Terminal.restore()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Puts the terminal back as it was (safe to call more than once).
    static func restore() {
        guard var mode = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &mode)
        saved = nil
    }

    /// Calls `body` (on a background queue) each time `sig` arrives; the default action of
    /// the signal is replaced.
    static func onSignal(_ sig: Int32, _ body: @escaping @Sendable () -> Void) {
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler(handler: body)
        source.resume()
        sources.append(source)
    }

    /// Calls `body` with the new size on every SIGWINCH.
    static func onResize(_ body: @escaping @Sendable (_ rows: Int, _ columns: Int) -> Void) {
        onSignal(SIGWINCH) {
            if let size = Terminal.size() { body(size.rows, size.columns) }
        }
    }
}
