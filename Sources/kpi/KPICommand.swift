import ArgumentParser
import KPICore

/// The `kpi` command line: the shell and script runner, `check`, and `replay`.
@main
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "An interactive shell for exploring marketing KPIs.",
        discussion: """
            kpi                        the shell (type help there)
            kpi FILE.kpi [--set X=V]   run a script; stops at the first error
            kpi -c "stmt; stmt" [-i]   run statements (-i: then the shell)
            kpi --safe FILE.kpi        replay a file that may not write files
            kpi --recover [N]          reopen a journaled (even killed) session
            kpi -q FILE > out.csv      only results and errors, for pipes
            kpi check [--update] FILE  compare with the recorded #> output
            kpi replay FILE --step     workshop mode: Enter, s to skip, q
            kpi lesson FILE            a lesson: exercises checked, hints, progress
            kpi lesson check FILE      the author's check of a lesson
            kpi lesson report FOLDER   a class's progress, per exercise
            """,
        version: KPIVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, ReplayCommand.self, LessonCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
