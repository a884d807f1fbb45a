// swift-tools-version:6.0
//
// flrepro — reproducible figures for feature learning in two-layer networks.
//
// Module map (see ARCHITECTURE.md):
//   CHDF5, CLapack, CZlib system libraries (pkg-config hdf5, openblas + lapacke, zlib) with C shims
//   HDF5                  a small, safe Swift API over libhdf5
//   LinearAlgebra         Matrix over CBLAS/LAPACKE, counter-based RNG, quadrature, root finding
//   Datasets              task data (teacher–student, Ising, Fashion-MNIST IDX files, …)
//   Kernels               NNGP kernels and kernel ridge regression
//   Networks              two-layer networks, parameterizations, the SGLD/Langevin sampler, diagnostics
//   Theory                theories of finite networks (exact linear-network posterior, …)
//   Pipeline              manifests, planner, task registry protocol, HDF5 store, executors, verify, gc
//   Figures               plot specs → data tables → gnuplot scripts → PDF/PNG
//   TaskKinds             the registry: binds science modules to Pipeline task kinds
//   flrepro               the command-line tool
import PackageDescription

let package = Package(
    name: "flrepro",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flrepro", targets: ["flrepro"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CLapack", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",          // gunzip of the Fashion-MNIST IDX files
                       providers: [.apt(["zlib1g-dev"])]),

        // Numerics and science (never import Pipeline).
        .target(name: "HDF5", dependencies: ["CHDF5"]),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Datasets", dependencies: ["LinearAlgebra", "CZlib"]),
        .target(name: "Kernels", dependencies: ["LinearAlgebra"]),
        .target(name: "Networks", dependencies: ["LinearAlgebra", "Kernels"]),
        .target(name: "Theory", dependencies: ["LinearAlgebra", "Kernels", "Networks"]),

        // Pipeline and presentation.
        .target(name: "Pipeline", dependencies: [
            "HDF5", "LinearAlgebra", "Figures",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Figures", dependencies: []),
        .target(name: "TaskKinds", dependencies: [
            "Pipeline", "LinearAlgebra", "Datasets", "Kernels", "Networks", "Theory",
        ]),
        .executableTarget(name: "flrepro", dependencies: [
            "Pipeline", "Figures", "TaskKinds", "HDF5",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "flrepro-bench", dependencies: ["Pipeline", "TaskKinds", "Networks", "Theory", "LinearAlgebra"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/TestSupport"),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "TestSupport"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "LinearAlgebra", "CZlib", "TestSupport"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Datasets", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "Kernels", "Theory", "Datasets", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "TheoryTests", dependencies: ["Theory", "Kernels", "Networks", "Datasets", "LinearAlgebra", "TestSupport"]),
        .testTarget(name: "SlurmTests", dependencies: ["Pipeline", "TaskKinds", "TestSupport"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "TaskKinds", "Figures", "HDF5", "TestSupport"],
                    exclude: ["Fixtures"]),
    ]
)
