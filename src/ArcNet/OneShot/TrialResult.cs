namespace ArcNet.OneShot;

/// <summary>One trial of an evaluation: an episode, or one of Lake's runs.</summary>
/// <param name="Name">The run's folder name, or "episode N".</param>
/// <param name="Queries">Queries in the trial.</param>
/// <param name="Correct">Queries classified right.</param>
public sealed record TrialResult(string Name, int Queries, int Correct)
{
    /// <summary>Share of the trial's queries classified wrong.</summary>
    public double Error => Queries == 0 ? 0 : 1 - (double)Correct / Queries;
}
