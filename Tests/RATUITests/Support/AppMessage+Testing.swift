import RATUI

extension AppMessage {
    /// The screen message this carries, if it is one of type `M`.
    func screenMessage<M>(_ type: M.Type) -> M? {
        guard case .forScreen(let payload) = self else { return nil }
        return payload.value as? M
    }
}
