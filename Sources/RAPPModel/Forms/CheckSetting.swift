/// How a site rule applies: as an error that blocks, a warning that informs, or not at all.
public enum CheckSetting: String, Sendable, CaseIterable {
    case error
    case warning
    case off
}
