import SignalboxUI
import Testing

/// The golden format itself: a change of style alone must change it.
@Suite struct SnapshotTextTests {
    @Test func stylesAreWrittenCellByCellWithTheirMeaning() {
        var grid = Grid(width: 6, height: 2)
        grid.write("ab", x: 0, y: 0, style: Style(foreground: .red, bold: true))
        grid.write("名", x: 3, y: 0, style: Style(background: .blue, reverse: true))
        grid.write("c", x: 0, y: 1)
        grid.write("d", x: 1, y: 1, style: Style(foreground: .red, bold: true))
        #expect(SnapshotText.of(grid) == """
            ab 名 |
            cd    |

            styles:
            AA.BB.|
            .A....|

            A fg=red bold
            B bg=blue reverse

            """)
    }

    @Test(arguments: [Style(foreground: .yellow), Style(background: .blue), Style(bold: true), Style(dim: true),
                      Style(reverse: true), Style(underline: true)])
    func aStyleChangeAloneChangesTheSnapshot(style: Style) {
        var plain = Grid(width: 4, height: 1)
        plain.write("ok", x: 0, y: 0)
        var styled = Grid(width: 4, height: 1)
        styled.write("ok", x: 0, y: 0, style: style)
        #expect(plain.lines == styled.lines)
        #expect(SnapshotText.of(plain) != SnapshotText.of(styled))
    }
}
