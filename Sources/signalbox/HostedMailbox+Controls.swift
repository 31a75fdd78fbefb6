import MailboxCore
import SignalboxUI

extension HostedMailbox {
    /// Does what the presenter asked of the store; the store's events tell the host view.
    func perform(_ command: HostCommand) {
        let store = server.store
        switch command {
        case .setStepMode(let on):
            store.setStepMode(on)
        case .releaseOldest:
            store.releaseOldest()
        case .releaseAll:
            store.releaseAll()
        case .setHold(let owner, let held):
            // The owner's name came from the store's own snapshot, so it is valid.
            guard let owner = try? Username(validating: owner) else { return }
            store.setHold(owner, held: held)
        case .playDemoAgain:
            guard let demo else { return }
            Task { await demo.playAgain() }
        }
    }
}
