import ArgumentParser

/// How the terminal UI draws and takes the mouse, for every command that opens it.
struct DisplayOptions: ParsableArguments {
    @Flag(help: "Draw with ASCII only (| - # * >), for terminals that garble UTF-8; on by itself where the locale is not UTF-8.")
    var ascii = false

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (for selecting text): no clicks or wheel.")
    var noMouse = false
}
