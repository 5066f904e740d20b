namespace ArcNet.Training;

/// <summary>Loss and accuracy on the fixed validation pairs at one step.</summary>
/// <param name="Step">The step it was measured at.</param>
/// <param name="Loss">Mean binary cross-entropy.</param>
/// <param name="Accuracy">Share of pairs classified right at threshold 0.5.</param>
/// <param name="IsBest">
/// Whether its weights are kept: its loss is the lowest so far, or within one <see cref="LossStandardError"/> of it,
/// a tie the later weights win.
/// </param>
public sealed record ValidationScore(int Step, double Loss, double Accuracy, bool IsBest)
{
    /// <summary>Standard error of <see cref="Loss"/> over the validation pairs: how far apart two losses must be to tell the weights apart.</summary>
    public double LossStandardError { get; init; }

    /// <summary>
    /// Whether the model answers like a coin: loss within 0.005 of log 2 and accuracy within 2 points of 50 %, as a model
    /// that says 0.5 to every pair does. Training that sits here is not learning.
    /// </summary>
    public bool AtChance => Math.Abs(Loss - Math.Log(2)) < 0.005 && Math.Abs(Accuracy - 0.5) < 0.02;
}
