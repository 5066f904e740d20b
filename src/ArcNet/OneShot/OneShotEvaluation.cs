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

    /// <summary>
    /// How much more accurate this evaluation is than <paramref name="baseline"/>, which ran the same trials (the same
    /// episodes or runs). The interval comes from the per-trial differences, so it is narrower than the two accuracies'
    /// intervals side by side: how hard a trial was cancels out.
    /// </summary>
    /// <exception cref="ArgumentException">The baseline ran other trials.</exception>
    public AccuracyDifference DifferenceFrom(OneShotEvaluation baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        bool sameTrials = baseline.Ways == Ways && baseline.Runs.Count == Runs.Count &&
                          Runs.Zip(baseline.Runs).All(pair => pair.First.Name == pair.Second.Name && pair.First.Queries == pair.Second.Queries);
        if (!sameTrials || Runs.Count == 0)
            throw new ArgumentException("The baseline ran other trials; evaluate both methods on the same episodes (the same data, ways, episodes and seed) or the same runs.", nameof(baseline));
        var differences = Runs.Zip(baseline.Runs, (run, other) => run.Queries == 0 ? 0.0 : (double)(run.Correct - other.Correct) / run.Queries).ToArray();
        return new AccuracyDifference(Accuracy - baseline.Accuracy, Statistics.ConfidenceHalfWidth(differences), Runs.Count);
    }
}
