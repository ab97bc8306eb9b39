/// The one-line message at the bottom of the screen: what just happened, in words.
public struct StatusMessage: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case info
        case success
        case warning
        case error
    }

    public let kind: Kind
    public let text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public static func info(_ text: String) -> StatusMessage { StatusMessage(.info, text) }
    public static func success(_ text: String) -> StatusMessage { StatusMessage(.success, text) }
    public static func warning(_ text: String) -> StatusMessage { StatusMessage(.warning, text) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(.error, text) }

    /// The word that says the kind, so it never rests on colour: "Error:", "Stored:".
    public var prefix: String {
        switch kind {
        case .info: ""
        case .success: "Done: "
        case .warning: "Warning: "
        case .error: "Error: "
        }
    }

    public var style: Style {
        switch kind {
        case .info: .status
        case .success: .success
        case .warning: .warning
        case .error: .error
        }
    }
}
