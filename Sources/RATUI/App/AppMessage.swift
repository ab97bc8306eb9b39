import RAPPModel

/// Everything that can happen to the app: a key, a resize, or the outcome of an effect.
public enum AppMessage: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A message for the screen on top (or the open look-up panel): the outcome of registry work
    /// it asked for, or a dialog's answer.
    case forScreen(ScreenPayload)
    /// The outcome of a sign-in, bootstrap or unlock.
    case signedIn(SignInOutcome)
    /// The idle lock's passphrase was refused; `lockedUntil` is set when the account is locked.
    case unlockRefused(Failure, lockedUntil: String?)
    /// Sign out (a confirmed "Sign out?" at the idle lock): unsaved work goes, sign-in comes back.
    case signOut
    /// Seconds since the last key: the app locks once this reaches the rules' idle limit.
    case idle(seconds: Double)
    /// The registry's data version (`PRAGMA data_version`), read at the idle tick: when it
    /// changes, another connection committed, and the screen on top reads again.
    case dataVersion(Int64)
    /// The signed-in operator's account was revoked (seen at the idle tick): the session ends at
    /// once, whatever screen or lock is showing. It names the account, so an answer arriving
    /// after someone else signed in ends nothing of theirs.
    case accountRevoked(Failure, operatorID: Int64)
    /// The rest of the policy, read after the first frame of an interface opened with its
    /// rules alone and before any key (`AppEnvironment.init(rules:…)`).
    case policyRead(FormLibrary)
    /// Leave ratui now (a confirmed "Quit?").
    case quit

    /// `message` for the screen on top.
    public static func screen(_ message: some Sendable) -> AppMessage {
        .forScreen(ScreenPayload(message))
    }
}

/// What became of a sign-in attempt.
public enum SignInOutcome: Equatable, Sendable {
    case success(OperatorSession)
    /// Signed in to an account whose passphrase someone else set: it is changed before anything
    /// else (`access.must-change-passphrase`).
    case passphraseToChange(OperatorSession)
    case failed(Failure)
}
