import ArgumentParser

/// How fast a recording plays (`replay`, `demo`).
struct PaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Play this many times faster than recorded (0.25: four times slower).", valueName: "factor"))
    var speed: Double = 1

    func validate() throws {
        guard speed.isFinite, speed > 0, speed <= 1000 else {
            throw ValidationError("--speed must be a factor above 0 and at most 1000, not \(speed)")
        }
    }
}
