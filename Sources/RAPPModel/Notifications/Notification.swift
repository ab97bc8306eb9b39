/// One message in the outbox: written by a request's step, rendered from a template of the
/// policy in force then, and never changed after; only its state moves on.
public struct Notification: Hashable, Sendable {
    /// Where a notification stands.
    public enum State: String, Sendable, CaseIterable {
        /// Waiting to be sent (or, with no address, to be delivered by hand).
        case pending
        /// Handed to the mail command, whose answer has not been recorded: after a crash it is in
        /// doubt and is sent again only when asked (`--resend-in-doubt`) or marked handled.
        case sending
        /// The mail command took it.
        case sent
        /// An operator marked it handled by hand.
        case handled

        /// Whether it still needs doing.
        public var isOpen: Bool { self == .pending || self == .sending }
    }

    public let id: Int64
    public let requestID: Int64
    /// The request step that wrote it (its sequence) and that step's action.
    public let stepSequence: Int64
    public let action: String
    public let templateID: String
    public let recipientKind: String
    /// Who it is for, in words ("operator alice", "the SMKI PMA").
    public let recipient: String
    /// The e-mail address; nil when none is known and it is for delivery by hand.
    public let address: String?
    public let subject: String
    public let text: String
    public let createdAt: String
    public let state: State
    public let stateAt: String
    public let stateByName: String?
    /// How many times the mail command was run for it.
    public let attempts: Int
    /// Why the last send failed, when it did.
    public let lastFailure: String?

    /// Whether it can only be delivered by hand (no address known).
    public var needsHandDelivery: Bool { address == nil }
}
