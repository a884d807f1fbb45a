import Pipeline

/// Every task kind flrepro knows. A new kind is one file in this module plus
/// one line here.
public enum StandardRegistry {
    /// The registry used by the command-line tool.
    public static let registry = TaskRegistry([
        TeacherStudentDataKind(),
        SingleIndexDataKind(),
        SparseParityDataKind(),
        HermiteTargetDataKind(),
        IsingDataKind(),
        ClustersDataKind(),
        FashionMNISTDataKind(),
        NNGPKernelKind(),
        HypercubeSpectrumKind(),
        KernelRegressionKind(),
        RidgeLearningCurveKind(),
        SGLDTwoLayerKind(),
        LinearExactPosteriorKind(),
        LinearNNGPKind(),
        MultiscaleTheoryKind(),
        AdaptiveKernelKind(),
        KernelRenormalisationKind(),
        HiddenKernelStatisticKind(),
        MeanFieldParticlesKind(),
        PopulationMeanFieldKind(),
        PopulationMeanFieldARDKind(),
        AlignmentStatisticKind(),
        IdentifiabilityStatisticKind(),
        SlopeFitStatisticKind(),
        NeuronProjectionKind(),
        WeightMomentsStatisticKind(),
        FeatureGeometryStatisticKind(),
        VectorCosineStatisticKind(),
        TraceConvergenceStatisticKind(),
        ScalarDifferenceStatisticKind(),
        SGLDPoolChainsKind(),
        GradientDescentGeometryKind(),
        MeanFieldLangevinKind(),
        MeanFieldCouplingKind(),
        HermiteAtomsKind(),
    ])
}
