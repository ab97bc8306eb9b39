import RATUI
import SnapshotTesting

extension Snapshotting where Value == CellGrid, Format == String {
    /// The grid as the text a person sees, one line per row, for golden files.
    ///
    /// Times, and the audit hashes that cover them, are the only things that differ between
    /// runs; they are replaced by fixed text of the same width, so layouts are still checked exactly.
    static var screen: Snapshotting {
        Snapshotting<String, String>.lines.pullback { grid in
            grid.text
                .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, with: "2026-11-20T10:00:00.000Z")
                .replacing(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/, with: "2026-11-20 10:00 UTC")
                .replacing(/\d{4}-\d\d-\d\d \d\d:\d\d(?=\s)/, with: "2026-11-20 10:00")
                .replacing(/[0-9a-f]{64}/, with: String(repeating: "h", count: 64))
                // Personal data's digests, shortened on screen, are salted at random.
                .replacing(/sha256:[0-9a-f]{12}(?![0-9a-f])/, with: "sha256:dddddddddddd")
        }
    }
}
