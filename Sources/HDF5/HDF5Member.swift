/// What a link in a group points to.
public enum HDF5MemberKind: String, Sendable, Equatable {
    /// A group (hard link).
    case group
    /// A dataset (hard link).
    case dataset
    /// An external link (not followed when listing).
    case externalLink
    /// A soft link (not followed when listing).
    case softLink
    /// Anything else (named datatype, user-defined link).
    case other
}

/// One entry of a group: a link name and what it points to.
public struct HDF5Member: Sendable, Equatable {
    /// The link name inside the group.
    public var name: String
    /// What the link points to.
    public var kind: HDF5MemberKind

    /// Creates a member description.
    /// - Parameters:
    ///   - name: the link name.
    ///   - kind: what it points to.
    public init(name: String, kind: HDF5MemberKind) {
        self.name = name
        self.kind = kind
    }
}
