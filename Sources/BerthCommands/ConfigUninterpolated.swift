import BerthBasics
import ArgumentParser
import ComposeLoader
import ComposeModel
import Foundation
import YAMLSyntax

extension Berth.Config {
    /// `config --no-interpolate` prints the merged model in canonical form with `${…}` as
    /// written, as Compose v2 does (its typed project could not hold `"${PORT:-8080}:80"`).
    var printsUninterpolatedModel: Bool {
        noInterpolate && hash == nil && !(services || volumes || networks || profiles || images || environment)
    }

    func uninterpolatedText() throws -> String {
        let model: Node
        do {
            let options = global.loadOptions(services: serviceNames, interpolate: false)
            model = try ProjectLoader.loadUninterpolatedModel(options, fileSystem: LocalFileSystem())
        } catch {
            DiagnosticPrinter.printText(error.diagnostics, to: .standardError)
            throw ExitCode(BerthExit.invalidProject)
        }
        switch format {
        case .json: return ModelJSON.render(model)
        case .yaml: return YAMLEmitter.emit(model)
        }
    }
}
