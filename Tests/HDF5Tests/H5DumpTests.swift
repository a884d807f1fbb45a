import Testing
import HDF5
import TestSupport

/// `h5dump`, if it is installed (Debian package `hdf5-tools`).
private let h5dump = executableOnPath("h5dump")

@Suite("Interoperability with h5dump")
struct H5DumpTests {
    @Test("h5dump reads our datasets, values and string attributes",
          .enabled(if: h5dump != nil, "h5dump is not on PATH (install hdf5-tools); skipping the h5dump check"))
    func h5dumpReadsFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("dump.h5")
            try writeFile(path) { root throws in
                let dataset = try root.writeDataset("results/learning_curve", [0.125, 2.5, 1024.75], shape: [3])
                try dataset.setAttribute("caption", "generalisation error vs samples")
                try root.setAttribute("kind", "kernel.krr")
                try root.writeDataset("results/counts", [Int64(-7), 9_000_000_000], shape: [2])
                try root.writeStringDataset("results/label", "test error")
            }
            let result = try runProcess(h5dump!, [path])
            #expect(result.status == 0, "h5dump failed: \(result.stderr)")
            let output = result.stdout
            #expect(output.contains("DATASET \"learning_curve\""))
            #expect(output.contains("0.125, 2.5, 1024.75"))
            #expect(output.contains("ATTRIBUTE \"caption\""))
            #expect(output.contains("\"generalisation error vs samples\""))
            #expect(output.contains("\"kernel.krr\""))
            #expect(output.contains("-7, 9000000000"))
            #expect(output.contains("\"test error\""))
            #expect(output.contains("CSET H5T_CSET_UTF8"))
            #expect(output.contains("STRSIZE H5T_VARIABLE"))
        }
    }

    @Test("After flush(), another process reads a file that is still open for writing",
          .enabled(if: h5dump != nil, "h5dump is not on PATH (install hdf5-tools); skipping the h5dump check"))
    func readWhileOpen() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("open.h5")
            let file = try HDF5File.create(path: path)
            try file.root.writeDataset("progress", [Int32(1), 2, 3], shape: [3])
            try file.flush()
            let result = try runProcess(h5dump!, ["-d", "/progress", path])
            #expect(result.status == 0, "h5dump could not read the open file: \(result.stderr)")
            #expect(result.stdout.contains("1, 2, 3"))
            try file.root.writeDataset("more", [1.0], shape: [])
            try file.close()
        }
    }
}
