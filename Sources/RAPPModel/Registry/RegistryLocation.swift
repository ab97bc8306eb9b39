import Foundation

/// Where the registry file lives: `--db`, else `$RATUI_DB`, else the XDG data folder.
public enum RegistryLocation {
    /// `environment` is the process's unless given; it is read only when `explicit` is not.
    public static func resolve(explicit: String?, environment: [String: String]? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let path = environment["RATUI_DB"], !path.isEmpty { return path }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/ratui/registry.sqlite"
    }
}
