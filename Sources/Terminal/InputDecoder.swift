import CNCurses
import SignalboxUI

/// One result of curses' `wget_wch`, before it is given a meaning.
enum RawInput: Hashable, Sendable {
    /// A character (`wget_wch` returned OK).
    case character(UInt32)
    /// A `KEY_*` code (`wget_wch` returned KEY_CODE_YES), other than KEY_RESIZE.
    case keyCode(Int32)
    /// KEY_RESIZE, with the screen size curses has just adopted.
    case resize(width: Int, height: Int)
    /// Nothing more is available right now.
    case idle
}

/// Turns what `wget_wch` returns into `TerminalInput`s. Kept apart from the reading thread so
/// the escape, bracketed-paste and mouse rules can be tested without a terminal.
///
/// curses does not know the bracketed-paste markers, so `ESC [ 2 0 0 ~` reaches us as a lone
/// ESC followed by ordinary characters, all already buffered. An ESC is therefore held until the
/// next input shows what it was: the start of a paste, an SGR mouse report
/// (`ESC [ < button ; column ; row M`, or `m` for a release; curses' own mouse key is turned
/// off so that these come through as characters), Alt-Enter (ESC CR), or (when the next input
/// is `.idle`, i.e. nothing followed within curses' ESCDELAY) the Escape key.
struct InputDecoder {
    private static let pasteStart: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
    private static let pasteEnd: [Unicode.Scalar] = Array("\u{1B}[201~".unicodeScalars)
    private static let mouseStart: [UInt32] = Array("[<".unicodeScalars.map(\.value))
    /// Longer than any report of a screen up to 9999 cells wide: "[<" plus "67;9999;9999".
    private static let longestMouseReport = 16

    /// Characters seen after a held ESC that may still become a paste start.
    private var afterEscape: [UInt32]?
    /// The paste being collected, nil outside a paste.
    private var paste: [Unicode.Scalar]?

    /// Whether a bracketed paste is being collected (the reader turns curses' keypad
    /// translation off meanwhile, so pasted bytes arrive as they were sent).
    var isPasting: Bool { paste != nil }

    mutating func feed(_ raw: RawInput) -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        process(raw, into: &inputs)
        return inputs
    }

    /// Ends a paste whose end marker never came (the reader calls this after a silence), so a
    /// broken terminal cannot swallow all later input into one endless paste.
    mutating func finishPaste() -> [TerminalInput] {
        guard let scalars = paste else { return [] }
        paste = nil
        return [.paste(Self.normalized(scalars))]
    }

    private mutating func process(_ raw: RawInput, into inputs: inout [TerminalInput]) {
        if paste != nil {
            collectPaste(raw, into: &inputs)
            return
        }
        if var pending = afterEscape {
            if case .character(let value) = raw {
                if pending.isEmpty, value == 13 || value == 10 {
                    afterEscape = nil
                    inputs.append(.key(.altEnter))
                    return
                }
                if pending.count < Self.pasteStart.count, Self.pasteStart.starts(with: pending), Self.pasteStart[pending.count] == value {
                    pending.append(value)
                    if pending.count == Self.pasteStart.count {
                        afterEscape = nil
                        paste = []
                    } else {
                        afterEscape = pending
                    }
                    return
                }
                if pending.starts(with: Self.mouseStart) || (Self.mouseStart.starts(with: pending) && value == Self.mouseStart[pending.count]) {
                    pending.append(value)
                    afterEscape = pending
                    guard value == 0x4D || value == 0x6D else {  // M or m ends a report
                        let inReport = pending.count > Self.mouseStart.count
                        if pending.count > Self.longestMouseReport || (inReport && !Self.isMouseReportCharacter(value)) {
                            afterEscape = nil  // not a report after all: dropped, never typed as text
                        }
                        return
                    }
                    afterEscape = nil
                    if let mouse = Self.mouseEvent(fromReport: pending) { inputs.append(.mouse(mouse)) }
                    return
                }
            }
            if pending.starts(with: Self.mouseStart) {
                // A report cut short: what came of it is dropped, and what follows counts anew.
                afterEscape = nil
                process(raw, into: &inputs)
                return
            }
            // Not a paste: the ESC was the key itself, and what followed is replayed as typed.
            afterEscape = nil
            inputs.append(.key(.escape))
            for value in pending {
                process(.character(value), into: &inputs)
            }
            process(raw, into: &inputs)
            return
        }
        switch raw {
        case .idle:
            break
        case .resize(let width, let height):
            inputs.append(.resize(width: width, height: height))
        case .keyCode(let code) where code == sb_key_mouse():
            // Should curses still match its mouse key (`kmous=\E[<`), the report's rest follows.
            afterEscape = Self.mouseStart
        case .keyCode(let code):
            if let key = Self.key(forCode: code) { inputs.append(.key(key)) }
        case .character(27):
            afterEscape = []
        case .character(let value):
            if let key = Self.key(forCharacter: value) { inputs.append(.key(key)) }
        }
    }

    private mutating func collectPaste(_ raw: RawInput, into inputs: inout [TerminalInput]) {
        switch raw {
        case .character(let value):
            paste!.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            if paste!.count >= Self.pasteEnd.count, paste!.suffix(Self.pasteEnd.count).elementsEqual(Self.pasteEnd) {
                paste!.removeLast(Self.pasteEnd.count)
                inputs += finishPaste()
            }
        case .keyCode(let code):
            // Keypad translation is off during a paste, but a key decoded just before it was
            // switched off can still come through.
            if code == sb_key_enter() { paste!.append("\n") }
        case .resize(let width, let height):
            inputs.append(.resize(width: width, height: height))
        case .idle:
            break  // the rest of a large paste may still be on its way
        }
    }

    /// Terminals send pasted line breaks as CR (as if Enter were pressed); the app wants text.
    private static func normalized(_ scalars: [Unicode.Scalar]) -> String {
        var text = String.UnicodeScalarView()
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\r" {
                text.append("\n")
                if index + 1 < scalars.endIndex, scalars[index + 1] == "\n" { index += 1 }
            } else {
                text.append(scalar)
            }
            index += 1
        }
        return String(text)
    }

    /// Decodes "[<0;12;5M" (after the ESC): the button code, then the 1-based column and row.
    static func mouseEvent(fromReport report: [UInt32]) -> MouseEvent? {
        guard report.count > mouseStart.count, let final = report.last else { return nil }
        let fields = String(String.UnicodeScalarView(report.dropFirst(mouseStart.count).dropLast().compactMap(Unicode.Scalar.init)))
            .split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 3, let code = Int(fields[0]), let column = Int(fields[1]), let row = Int(fields[2]),
              column >= 1, row >= 1 else { return nil }
        let x = column - 1
        let y = row - 1
        // Bits 2-4 are Shift, Meta and Ctrl; bit 5 motion; bits 6 and 7 the wheel and extra buttons.
        guard code & 32 == 0 else { return nil }  // motion: only reported with modes this app leaves off
        switch code & ~0b11100 {
        case 64: return MouseEvent(.wheelUp, x: x, y: y)
        case 65: return MouseEvent(.wheelDown, x: x, y: y)
        case 0, 1, 2:
            let button: MouseEvent.Button = [.left, .middle, .right][code & 0b11]
            return MouseEvent(final == 0x6D ? .release(button) : .press(button), x: x, y: y)
        default:
            return nil  // sideways wheel, extra buttons
        }
    }

    private static func isMouseReportCharacter(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || value == 0x3B  // digits and ";"
    }

    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 127, 8: return .backspace
        case 13: return .enter
        case 10: return .control("j")  // Enter sends CR (curses' nonl mode): LF is Ctrl-J
        case 9: return .tab
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0..<32, 0x80..<0xA0: return nil  // Ctrl-@ and Ctrl-\ ] ^ _ have no Key; C1 is not text
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case sb_key_up(): return .up
        case sb_key_down(): return .down
        case sb_key_left(): return .left
        case sb_key_right(): return .right
        case sb_key_home(): return .home
        case sb_key_end(): return .end
        case sb_key_ppage(): return .pageUp
        case sb_key_npage(): return .pageDown
        case sb_key_dc(): return .delete
        case sb_key_backspace(): return .backspace
        case sb_key_enter(): return .enter
        case sb_key_btab(): return .backTab
        case sb_key_f(1)...sb_key_f(63): return .function(Int(code - sb_key_f(0)))
        default: return nil  // keys the UI has no use for (Insert, shifted keys, mouse)
        }
    }
}
