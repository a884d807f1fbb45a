import Foundation

/// One figure: one or more panels laid out in a grid (a gnuplot multiplot), with an optional
/// overall title. The figure is written as `<id>.dat` + `<id>.gp` and rendered to `<id>.pdf`
/// and `<id>.png` by ``FigureWriter``.
public struct PlotSpec: Sendable, Equatable {
    /// File base name, e.g. `"learning-curves"`: letters, digits, `.`, `_` and `-`, not starting with `.`.
    public var id: String
    /// Overall figure title, drawn above all panels (enhanced text, see ``EnhancedText``).
    public var title: String?
    /// The panels, laid out left → right, top → bottom.
    public var panels: [PanelSpec]
    /// Number of panel columns in the grid (rows follow from the panel count).
    public var columns: Int
    /// Physical size of the whole figure; `nil` means ``FigureSize/perPanel`` times the grid.
    public var size: FigureSize?
    /// Whether panels get letters "(a)", "(b)", … in front of their titles (only with several panels).
    public var panelLabels: Bool
    /// Figure-level provenance lines (manifest, caption, profile), written as comments into the
    /// `.dat` and `.gp` files.
    public var comments: [String]

    /// Creates a figure spec.
    /// - Parameters:
    ///   - id: file base name.
    ///   - title: overall title, if any.
    ///   - panels: the panels, in reading order.
    ///   - columns: panel columns; `nil` means all panels in one row, at most 3 per row.
    ///   - size: figure size; `nil` means 9 cm × 7 cm per panel.
    ///   - panelLabels: whether to letter the panels when there are several.
    ///   - comments: provenance lines.
    public init(id: String, title: String? = nil, panels: [PanelSpec], columns: Int? = nil,
                size: FigureSize? = nil, panelLabels: Bool = true, comments: [String] = []) {
        self.id = id
        self.title = title
        self.panels = panels
        self.columns = columns ?? max(1, min(panels.count, 3))
        self.size = size
        self.panelLabels = panelLabels
        self.comments = comments
    }

    /// Number of panel rows in the grid.
    /// - Returns: `ceil(panels.count / columns)`, at least 1.
    public var rows: Int {
        let c = max(columns, 1)
        return max(1, (panels.count + c - 1) / c)
    }

    /// The size actually used: ``size`` or the per-panel default times the grid, plus room for a title.
    /// - Returns: the figure size in centimetres.
    public var resolvedSize: FigureSize {
        if let size { return size }
        let titleRoom = title == nil ? 0 : FigureSize.titleHeight
        return FigureSize(width: FigureSize.perPanel.width * Double(max(columns, 1)),
                          height: FigureSize.perPanel.height * Double(rows) + titleRoom)
    }
}
