import Foundation

/// Writing the audit events a filter matches to a new file, as `audit export --format jsonl` does.
extension Registry {
    /// Writes each event matching `filter` as one line of JSON (`AuditEvent.jsonValue`), oldest
    /// first, to a new file at `path` (mode 0600; an existing file is never overwritten), and
    /// returns how many were written. Needs `audit.read`. The whole trail is read, one event at a
    /// time, whatever the filter: an export is complete or it fails, and a failed one leaves no file.
    public func exportAudit(matching filter: AuditFilter, to path: String, by session: OperatorSession) throws -> Int {
        try authorise(.auditRead, by: session)
        var unbounded = filter
        unbounded.scanLimit = nil
        unbounded.beforeSequence = nil
        unbounded.afterSequence = 0
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST {
                throw RegistryError.io(path: path, message: "a file is already there; give a new file name")
            }
            throw RegistryError.io(path: path, message: "cannot create it: \(String(cString: strerror(code)))")
        }
        var count = 0
        var buffer: [UInt8] = []
        func flush() throws {
            var offset = 0
            while offset < buffer.count {
                let written = buffer[offset...].withUnsafeBytes {
                    Foundation.write(descriptor, $0.baseAddress, $0.count)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw RegistryError.io(path: path, message: "cannot write it: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            try auditEvents(matching: unbounded, by: session) { event in
                buffer.append(contentsOf: event.jsonValue.serialized().utf8)
                buffer.append(0x0A)
                count += 1
                if buffer.count > 1 << 16 { try flush() }
            }
            try flush()
            guard fsync(descriptor) == 0 else {
                throw RegistryError.io(path: path, message: "cannot write it: \(String(cString: strerror(errno)))")
            }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        return count
    }
}
