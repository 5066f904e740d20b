namespace ArcNet.Training;

/// <summary>
/// The stages a budget is split into. Plain ARC and ConvARC train whole in one stage. ConvARC-lite may first train its
/// trunk alone with the prototypical loss (<see cref="TrainingOptions.TrunkPretraining"/>), then the controller on the
/// frozen trunk's cached features (<see cref="TrainingOptions.FrozenTrunkTraining"/>), and spends the rest of the budget
/// training everything together. Each stage runs the learning-rate schedule over its own share of the budget.
/// </summary>
internal sealed class TrainingStages
{
    internal enum Kind
    {
        Joint,
        TrunkPretraining,
        FrozenTrunk,
    }

    /// <summary>A stage: from <paramref name="Start"/> to <paramref name="End"/> of the budget (0 to 1).</summary>
    internal sealed record Stage(Kind Kind, double Start, double End, EpisodeLosses Losses, bool IsLast)
    {
        /// <summary>What the stage trains, as progress reports name it.</summary>
        internal string Name => Kind switch { Kind.TrunkPretraining => "trunk", Kind.FrozenTrunk => "controller", _ => "all" };

        /// <summary>The learning-rate factor at <paramref name="progress"/> of the whole budget.</summary>
        internal double Schedule(LearningRateSchedule schedule, double progress) =>
            LearningRateFactor.At(schedule, (progress - Start) / Math.Max(End - Start, 1e-12));
    }

    private readonly Stage[] _stages;

    private TrainingStages(Stage[] stages) => _stages = stages;

    internal int Count => _stages.Length;

    internal static TrainingStages Of(ArcOptions model, TrainingOptions options)
    {
        const EpisodeLosses joint = EpisodeLosses.Prototypical | EpisodeLosses.Comparator | EpisodeLosses.Combined;
        const EpisodeLosses frozen = EpisodeLosses.Comparator | EpisodeLosses.Combined;
        if (model.Architecture == ArcArchitecture.Prototypical)
            return new([new Stage(Kind.Joint, 0, 1, EpisodeLosses.Prototypical | EpisodeLosses.Combined, IsLast: true)]);
        if (model.Architecture != ArcArchitecture.LightConv)
            return new([new Stage(Kind.Joint, 0, 1, joint, IsLast: true)]);
        var stages = new List<Stage>();
        double pretrain = options.TrunkPretraining, frozenEnd = pretrain + options.FrozenTrunkTraining;
        if (pretrain > 0)
            stages.Add(new Stage(Kind.TrunkPretraining, 0, pretrain, EpisodeLosses.Prototypical, IsLast: false));
        if (options.FrozenTrunkTraining > 0)
            stages.Add(new Stage(Kind.FrozenTrunk, pretrain, frozenEnd, frozen, IsLast: frozenEnd >= 1));
        if (frozenEnd < 1)
            stages.Add(new Stage(Kind.Joint, frozenEnd, 1, joint, IsLast: true));
        return new([.. stages]);
    }

    /// <summary>The stage at <paramref name="progress"/> of the budget.</summary>
    internal Stage At(double progress) => _stages.LastOrDefault(s => progress >= s.Start) ?? _stages[0];
}
