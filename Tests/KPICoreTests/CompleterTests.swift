import Testing
@testable import KPICore

@Suite("Tab completion")
struct CompleterTests {
    private func workspace() -> Workspace {
        let recorder = Recorder()
        recorder.run("load \"\(Fixtures.path("tabs.tsv"))\" as ads")
        return recorder.session.workspace
    }

    @Test("statement keywords at the start, finished with a space when unique")
    func keywords() {
        #expect(Completer.complete("desc", workspace: workspace()).candidates == ["describe "])
        #expect(Completer.complete("t", workspace: workspace()).candidates == ["tables", "time", "timer"])
    }

    @Test("a lesson's commands complete at the start of a line, beside the statements")
    func lessonCommands() {
        #expect(Completer.complete("hi", workspace: workspace(), commands: LessonRun.commands).candidates == ["hint", "history"])
        #expect(Completer.complete("sk", workspace: workspace(), commands: LessonRun.commands).candidates == ["skip "])
        #expect(Completer.complete("show sk", workspace: workspace(), commands: LessonRun.commands).candidates.isEmpty)
    }

    @Test("table names after describe, columns after table.")
    func names() {
        let completion = Completer.complete("describe a", workspace: workspace())
        #expect(completion.word == "a")
        #expect(completion.candidates == ["ads "])
        #expect(Completer.complete("time ads.c", workspace: workspace()).candidates == ["ads.channel", "ads.clicks"])
        #expect(Completer.complete("grain q", workspace: workspace()).candidates == ["quarter "])
    }

    @Test("file paths inside quotes: data files for load, scripts for run")
    func paths() {
        let folder = Fixtures.path("")
        #expect(Completer.complete("load \"\(folder)mes", workspace: workspace()).candidates == ["\(folder)messy.csv\""])
        #expect(Completer.complete("run \"\(folder)scr", workspace: workspace()).candidates == ["\(folder)script-error.kpi\""])
        #expect(Completer.complete("load \"\(folder)t", workspace: workspace()).candidates == ["\(folder)tabs.tsv", "\(folder)types.csv"])
    }

    @Test("forecast's methods after method, forecast after a chart's with")
    func forecastClauses() {
        #expect(Completer.complete("forecast spend method th", workspace: workspace()).candidates == ["theta "])
        #expect(Completer.complete("forecast spend method ", workspace: workspace()).candidates
            == ["auto", "ets", "linear", "naive", "theta"], "sorted")
        #expect(Completer.complete("chart spend with f", workspace: workspace()).candidates == ["forecast "])
        #expect(Completer.complete("forecast spend le", workspace: workspace()).candidates == ["level "])
    }
}
