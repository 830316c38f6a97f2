import ArgumentParser
import KPICore

/// The `kpi` command line: the shell and script runner, `check`, and `replay`.
@main
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "An interactive shell for exploring marketing KPIs.",
        version: KPIVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, ReplayCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
