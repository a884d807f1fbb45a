/// Names inside a cache entry (one HDF5 file per task). Kept in one place so
/// that writer, reader, verifier and documentation agree.
public enum StoreLayout {
    /// The format tag written to `/provenance@format`.
    public static let format = "flrepro-cache/1"
    /// Group of the task's arrays (float64, row-major).
    public static let dataGroup = "data"
    /// Group of the task's scalars (0-d float64 datasets).
    public static let scalarsGroup = "scalars"
    /// Group whose string attributes are the task's attributes.
    public static let attributesGroup = "attributes"
    /// Group whose attributes are the provenance.
    public static let provenanceGroup = "provenance"
    /// Provenance attributes every complete entry has.
    public static let requiredProvenance = [
        "format", "key", "kind", "kind_version", "parameters", "inputs", "flrepro_version", "git_commit",
        "git_dirty", "host", "started_utc", "finished_utc", "wall_seconds", "dataset_sha256", "reproducibility",
    ]
}
