/// A screen's own message on its way through the app, which does not know its type.
///
/// The screen on top takes it if it is of the screen's `Message` type; see `Screen.receive`.
public struct ScreenPayload: Sendable, CustomStringConvertible {
    public let value: any Sendable

    public init(_ value: any Sendable) { self.value = value }

    public var description: String { String(describing: value) }
}
