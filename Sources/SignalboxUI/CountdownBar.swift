/// A bar of `width` columns showing how much of a timeout is left: the remaining part in
/// full blocks (green, yellow in the last 10 s), the spent part in light shade (`#` and `-`
/// in ASCII).
struct CountdownBar {
    let remaining: Int
    let total: Int
    let width: Int
    let glyphs: Glyphs

    /// The styled runs of the bar, remaining part first.
    var runs: [(text: String, style: Style)] {
        let filled = min(width, Int((Double(width) * Double(remaining) / Double(max(1, total))).rounded(.up)))
        return [
            (String(repeating: glyphs.barFull, count: filled), Clock.style(remaining: remaining, normal: Palette.good)),
            (String(repeating: glyphs.barEmpty, count: width - filled), Palette.dim),
        ]
    }
}
