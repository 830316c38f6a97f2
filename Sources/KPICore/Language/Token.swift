/// One lexical token of the kpi language, with where it was written.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A name or keyword; keywords are recognised by the parser, so any
        /// keyword can still be a column name after `table.`.
        case identifier(String)
        /// A number literal with its suffix applied (`50k` is 50,000, `4%` is 0.04).
        case number(Double)
        case string(String)
        case period(Period)
        /// Punctuation and operators: `= == != < <= > >= + - * / ^ ( ) [ ] , . : ;`.
        case symbol(String)
        /// A comment on a line of its own (`# text`), kept as a statement so saved
        /// sessions and workshop replays keep their narration. Comments after a
        /// statement on the same line are part of that statement's text instead.
        case comment(String)
        /// The end of a statement (a newline that does not continue the statement).
        case newline
        /// Where the text stopped lexing; the parser reports the lexer's error here.
        case invalid
        case end
    }

    public var kind: Kind
    public var range: SourceRange
    /// Offsets in unicode scalars into the source, to cut out a statement's exact text.
    public var startOffset: Int
    public var endOffset: Int
    /// True when the literal was written as a percentage (`4%`), so results can show it as one.
    public var isPercent: Bool = false

    /// How the token reads in an error message.
    public var description: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .number: return "a number"
        case .string(let text): return "\"\(text)\""
        case .period(let period): return "period \(period)"
        case .symbol(let symbol): return "'\(symbol)'"
        case .comment: return "a comment"
        case .newline: return "the end of the line"
        case .invalid: return "invalid text"
        case .end: return "the end of the input"
        }
    }

    /// Tokens after which a line break does not end the statement: operators,
    /// a comma and open brackets (docs/LANGUAGE.md: "a line that ends in an operator … continues").
    var continuesStatement: Bool {
        switch kind {
        case .symbol(let s):
            return !(s == ")" || s == "]" || s == ";" || s == ".")
        case .identifier(let word):
            return word == "and" || word == "or" || word == "not"
        default:
            return false
        }
    }
}
