using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>Loss and accuracy on a run's fixed validation set at one step: same/different pairs for a comparator, N-way trials for Full Context ARC.</summary>
/// <param name="Step">The step it was measured at.</param>
/// <param name="Loss">Mean cross-entropy: binary over pairs, or over the N supports of a trial.</param>
/// <param name="Accuracy">Share of pairs classified right at threshold 0.5, or of trials whose query went to its own character.</param>
/// <param name="IsBest">
/// Whether its weights are kept: its loss is the lowest so far, or within one <see cref="LossStandardError"/> of it,
/// a tie the later weights win.
/// </param>
public sealed record ValidationScore(int Step, double Loss, double Accuracy, bool IsBest)
{
    /// <summary>Standard error of <see cref="Loss"/> over the validation pairs: how far apart two losses must be to tell the weights apart.</summary>
    public double LossStandardError { get; init; }

    /// <summary>
    /// Whether a comparator answers like a coin: loss within 0.005 of log 2 and accuracy within 2 points of 50 %, as a model
    /// that says 0.5 to every pair does. Training that sits here is not learning. (Meaningful for pairs only.)
    /// </summary>
    public bool AtChance => Math.Abs(Loss - Math.Log(2)) < 0.005 && Math.Abs(Accuracy - 0.5) < 0.02;

    /// <summary>
    /// The mean of per-item validation <paramref name="losses"/>, the share of <paramref name="correct"/> items, and the
    /// loss's standard error over the items (0 for a single item): what both trainers' validations report.
    /// </summary>
    internal static (double Loss, double Accuracy, double StandardError) Summarize(Tensor losses, Tensor correct)
    {
        var all = losses.to(float64);
        double standardError = all.numel() > 1 ? all.std().item<double>() / Math.Sqrt(all.numel()) : 0;
        return (all.mean().item<double>(), correct.to(float64).mean().item<double>(), standardError);
    }
}
