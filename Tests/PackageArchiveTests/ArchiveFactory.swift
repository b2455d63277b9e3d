import Foundation
import XCTest

/// Builds real archives, hostile ones included, with Python's `tarfile` and `zipfile`
/// (which write whatever entry names and types they are told).
enum ArchiveFactory {
    /// One entry: `kind` is `file`, `dir`, `symlink`, `hardlink`, `fifo` or `chardev`.
    struct Entry {
        var name: String
        var kind = "file"
        var data = ""
        var link = ""
        var mode = 0o644
        /// For large files: this many zero bytes instead of `data`.
        var zeros = 0
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hosting-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A `.tar.gz` (or a zip when `zip`) holding `entries`, in `folder`.
    static func make(_ entries: [Entry], zip: Bool = false, in folder: URL) throws -> URL {
        let output = folder.appendingPathComponent(zip ? "package.zip" : "package.tar.gz")
        let spec = try JSONSerialization.data(withJSONObject: entries.map {
            ["name": $0.name, "kind": $0.kind, "data": $0.data, "link": $0.link, "mode": $0.mode, "zeros": $0.zeros]
        })
        let script = """
            import io, json, sys, tarfile, zipfile
            entries = json.load(sys.stdin)
            out = sys.argv[1]
            if sys.argv[2] == "zip":
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                    for e in entries:
                        data = b"\\0" * e["zeros"] if e["zeros"] else e["data"].encode()
                        info = zipfile.ZipInfo(e["name"])
                        info.compress_type = zipfile.ZIP_DEFLATED
                        if e["kind"] == "symlink":
                            info.external_attr = (0o120777 << 16)
                            data = e["link"].encode()
                        elif e["kind"] == "dir":
                            info.external_attr = (0o040755 << 16)
                        else:
                            info.external_attr = ((0o100000 | e["mode"]) << 16)
                        z.writestr(info, data)
            else:
                with tarfile.open(out, "w:gz", format=tarfile.GNU_FORMAT) as t:
                    for e in entries:
                        info = tarfile.TarInfo(e["name"])
                        info.mode = e["mode"]
                        kind = e["kind"]
                        data = b"\\0" * e["zeros"] if e["zeros"] else e["data"].encode()
                        if kind == "file":
                            info.size = len(data)
                            t.addfile(info, io.BytesIO(data))
                            continue
                        info.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
                                     "fifo": tarfile.FIFOTYPE, "chardev": tarfile.CHRTYPE}[kind]
                        info.linkname = e["link"]
                        t.addfile(info)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, output.path, zip ? "zip" : "tar"]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(spec)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw XCTSkip("python3 could not write the test archive") }
        return output
    }
}
