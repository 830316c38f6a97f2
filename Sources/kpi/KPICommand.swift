import ArgumentParser
import KPICore

/// The `kpi` command line: the shell and script runner, `check`, and `replay`.
@main
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "An interactive shell for exploring marketing KPIs.",
        discussion: """
            kpi                          the shell (type help there)
            kpi FILE.kpi [--set X=V]     run a script; it stops at the first error with exit status 1
            kpi -c "stmt; stmt" [-i]     run statements (-i: then stay in the shell)
            kpi --safe FILE.kpi          replay someone else's file: no writing, no reading elsewhere
            kpi --recover [N]            reopen a journaled session, even one that was killed
            kpi check [--update] FILE    compare a session with its recorded #> output
            kpi replay FILE --step       workshop mode: Enter runs, s skips, q stops
            """,
        version: KPIVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, ReplayCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
