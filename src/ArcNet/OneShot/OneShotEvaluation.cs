namespace ArcNet.OneShot;

/// <summary>The outcome of a one-shot evaluation.</summary>
/// <param name="Ways">Classes per trial.</param>
/// <param name="Trials">Episodes or runs evaluated.</param>
/// <param name="Queries">Queries classified in all.</param>
/// <param name="Correct">Queries classified right.</param>
/// <param name="ConfidenceHalfWidth">Half-width of the 95 % confidence interval of the accuracy, over trials.</param>
/// <param name="Runs">Per-trial results (for Lake's format, one per official run).</param>
public sealed record OneShotEvaluation(int Ways, int Trials, int Queries, int Correct, double ConfidenceHalfWidth, IReadOnlyList<TrialResult> Runs)
{
    /// <summary>Share of queries classified right.</summary>
    public double Accuracy => Queries == 0 ? 0 : (double)Correct / Queries;

    /// <summary>Share of queries classified wrong: 1 - <see cref="Accuracy"/>.</summary>
    public double Error => 1 - Accuracy;

    /// <summary>Accuracy of guessing: 1 / <see cref="Ways"/>.</summary>
    public double Chance => 1.0 / Ways;
}

/// <summary>One trial of an evaluation: an episode, or one of Lake's runs.</summary>
/// <param name="Name">The run's folder name, or "episode N".</param>
/// <param name="Queries">Queries in the trial.</param>
/// <param name="Correct">Queries classified right.</param>
public sealed record TrialResult(string Name, int Queries, int Correct)
{
    /// <summary>Share of the trial's queries classified wrong.</summary>
    public double Error => Queries == 0 ? 0 : 1 - (double)Correct / Queries;
}
