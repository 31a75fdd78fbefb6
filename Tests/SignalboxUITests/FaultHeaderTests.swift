import Foundation
import SignalboxUI
import Testing

/// Test faults change what peers see: the host view says so in its header, at every size.
@Suite struct FaultHeaderTests {
    @Test(arguments: [(80, 24), (40, 12), (160, 48)])
    func faultsShowInTheHeaderBeforeTheTitleAndTheRateAreCut(width: Int, height: Int) {
        var state = HostViewTests.hosting(width: width, height: height)
        state.host?.faults = "delay 200 ms, drop 10 %"
        let header = render(state).lines[0]
        #expect(header.contains("⚠"), "\(header)")
        #expect(header.contains("delay 200 ms, drop 10 %"), "\(header)")
        if width >= 80 {
            #expect(header.contains("req/s"), "\(header)")
            #expect(header.contains("TEST FAULTS"), "\(header)")
            #expect(render(state).lines.joined().contains("0 dropped ·"))
        }
    }

    @Test func withoutFaultsTheHeaderIsUnchanged() throws {
        let state = HostViewTests.hosting(width: 80, height: 24)
        #expect(!render(state).lines[0].contains("⚠"))
        try expectSnapshot(render(state), named: "host-80x24")
    }
}
