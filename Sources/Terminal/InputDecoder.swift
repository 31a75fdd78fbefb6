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
/// the escape and bracketed-paste rules can be tested without a terminal.
///
/// curses does not know the bracketed-paste markers, so `ESC [ 2 0 0 ~` reaches us as a lone
/// ESC followed by ordinary characters, all already buffered. An ESC is therefore held until the
/// next input shows what it was: the start of a paste, or (when the next input is `.idle`, i.e.
/// nothing followed within curses' ESCDELAY) the Escape key.
struct InputDecoder {
    private static let pasteStart: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
    private static let pasteEnd: [Unicode.Scalar] = Array("\u{1B}[201~".unicodeScalars)

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
            if case .character(let value) = raw, Self.pasteStart[pending.count] == value {
                pending.append(value)
                if pending.count == Self.pasteStart.count {
                    afterEscape = nil
                    paste = []
                } else {
                    afterEscape = pending
                }
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

    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 127, 8: return .backspace
        case 13, 10: return .enter
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
