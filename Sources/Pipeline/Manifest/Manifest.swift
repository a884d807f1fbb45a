/// A validated experiment manifest with its profile applied: what to compute
/// (tasks over sweeps), what to draw (figures) and what must hold (expectations).
public struct Manifest: Sendable {
    /// The schema this manifest declares; only `flrepro/manifest@1` exists.
    public static let schemaIdentifier = "flrepro/manifest@1"

    /// The manifest file as the user named it (used in every error message).
    public var file: String
    /// Path relative to the experiments root, e.g. `krr/learning-curves.json`.
    public var relativePath: String
    /// Paper folder for figure output, e.g. `krr` or `rubin2025`.
    public var paper: String
    /// The manifest's identifier (default figure name).
    public var id: String
    public var title: String
    public var caption: String
    /// Modelling choices made where a paper is silent.
    public var description: String
    public var reference: String?
    /// The relative path of the manifest this one extends, if any.
    public var extends: String?
    /// The profile applied (`smoke`, `default`, `paper`, …).
    public var profile: String
    /// Named parameters after the profile's overrides.
    public var parameters: JSONObject
    /// Sweep axes in declaration order.
    public var sweeps: [SweepAxis]
    /// Task templates in declaration order.
    public var tasks: [TaskTemplate]
    public var figures: [FigureSpecification]
    public var expectations: [Expectation]
    /// Slurm resources per task kind (`resources`; used by `--executor slurm` only, never part of a key).
    public var resources: [String: SlurmResources] = [:]

    /// The sweep axis named `name`.
    public func sweep(_ name: String) -> SweepAxis? { sweeps.first { $0.name == name } }
    /// The task template named `name`.
    public func task(_ name: String) -> TaskTemplate? { tasks.first { $0.name == name } }
}

/// One sweep axis: an ordered list of points, each binding one or more
/// variables (one for list/range/linspace/logspace, several for zip/product).
public struct SweepAxis: Sendable {
    public var name: String
    /// Variables bound by this axis, in declaration order.
    public var variables: [String]
    /// The points; each binds every variable.
    public var points: [[String: JSONValue]]
}

/// A task template: one kind, parameters with `$references`, inputs from
/// other templates, expanded over the `foreach` axes.
public struct TaskTemplate: Sendable {
    public var name: String
    public var kind: String
    public var parameters: JSONObject
    public var inputs: [InputReference]
    public var foreach: [String]
    /// Key path of this template in its manifest (`tasks.<name>`).
    public var path: String
}

/// An input of a task: which template produces it, and optionally which of
/// its instances (`where`: variable → value or `$reference`).
///
/// With `over` (sweep variables of the producer) the input gathers every producer instance
/// along those variables — e.g. all seeds — in sweep order; the task receives them as
/// `name#0`, `name#1`, … (see `TaskRequest.gathered(_:)`).
public struct InputReference: Sendable {
    public var name: String
    public var task: String
    public var selection: JSONObject
    /// Producer variables gathered over (empty: exactly one matching instance).
    public var over: [String] = []
}

/// Where a figure series or an expectation takes its numbers from.
public struct SeriesSelection: Sendable {
    public var task: String
    /// Fixes sweep variables: variable → value (or `$reference`).
    public var selection: JSONObject
    public var x: ValueReference
    public var y: ValueReference
    /// An output holding each instance's own error bar for `y` (e.g. a chain-to-chain standard error); not combined with `reduction`.
    public var error: ValueReference?
    public var reduction: Reduction?
    /// Key path, for errors.
    public var path: String
}

/// A value a series reads from each task instance.
public enum ValueReference: Sendable, Equatable {
    /// A sweep variable or parameter (`$P`).
    case variable(String)
    /// A scalar or array output of the task.
    case output(String)
    /// The element index of an array output.
    case index
}

/// Averaging over sweep axes (typically seeds).
public struct Reduction: Sendable, Equatable {
    public enum Statistic: String, Sendable, CaseIterable {
        /// Mean with the standard error of the mean as error bar.
        case meanStandardError = "mean_se"
        /// Mean with the sample standard deviation as error bar.
        case meanStandardDeviation = "mean_sd"
        /// Mean without error bar.
        case mean
        /// Median without error bar.
        case median
        /// Smallest value, without error bar (worst cases in expectations).
        case minimum = "min"
        /// Largest value, without error bar.
        case maximum = "max"
        /// The value of the (single, numeric) reduced axis at which y first reaches `level`,
        /// going up the axis: linear interpolation in log(axis) when every axis value is
        /// positive, else in the axis; NaN (no point drawn, a failed check) when y never
        /// reaches it. E.g. the critical sample size P_c at which an order parameter crosses ½.
        case crossing
        /// The least-squares slope of ln y against ln(axis value) along the single reduced axis:
        /// a fitted power-law exponent (e.g. how a critical point scales with the dimension).
        case logSlope = "log_slope"
    }
    public var over: [String]
    public var statistic: Statistic
    /// The level of a `crossing` reduction.
    public var level: Double? = nil
}

/// A figure: one or more panels.
public struct FigureSpecification: Sendable {
    public var id: String
    public var title: String?
    public var columns: Int
    public var panels: [PanelSpecification]
    public var path: String
}

public struct PanelSpecification: Sendable {
    public var title: String?
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var key: String?
    public var series: [SeriesSpecification]
    public var guides: [GuideSpecification]
}

public struct SeriesSpecification: Sendable {
    public var selection: SeriesSelection
    public var label: String
    /// `lines`, `points`, `lines_points`, `error_bars`, `error_lines`, `band`.
    public var style: String
    public var color: String?
    public var dash: Int?
}

/// A reference line y = coefficient · x^exponent (exponent 0: horizontal).
public struct GuideSpecification: Sendable {
    public var label: String
    public var coefficient: Double
    public var exponent: Double
}

/// A numerical check that turns a reproduction into a test (`flrepro verify`).
public struct Expectation: Sendable {
    public enum Check: Sendable {
        /// The series' value at `x` equals `value` within tolerance.
        case value(x: Double, equals: Double, relative: Double, absolute: Double)
        /// The series is monotone in x.
        case monotone(decreasing: Bool, strict: Bool, tolerance: Double)
        /// Every point agrees with the reference series at the same x within
        /// `relative`·|ref| + `absolute` + `sigmas`·(combined error bar).
        case closeTo(reference: SeriesSelection, relative: Double, absolute: Double, sigmas: Double)
        /// Every value lies in [minimum, maximum].
        case range(minimum: Double, maximum: Double)
        /// At every x of the series inside the reference's range, y / y_ref lies in
        /// [minimum, maximum] (e.g. "within a factor 3": [1/3, 3]; "below": max 1).
        case ratioTo(reference: SeriesSelection, minimum: Double, maximum: Double)
    }
    public var id: String
    public var description: String
    public var selection: SeriesSelection
    public var check: Check
    public var path: String
}
