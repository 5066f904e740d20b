using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The weights a run has validated best, kept in a copy of the module it trains, so that the run never ends worse than
/// its best validation. A validation within one standard error of the lowest loss so far counts as a tie, and a tie goes
/// to the later weights: they have had more training, and a difference the validation set cannot resolve is no reason
/// to throw that away (on the default recipe's seed 3, weights kept for a loss 0.0001 lower scored 71.3 % on the
/// held-out alphabets, the last ones 74.2 %).
/// </summary>
internal sealed class BestWeights(nn.Module live, nn.Module kept)
{
    /// <summary>The validation whose weights are kept, or <c>null</c> before the first.</summary>
    internal ValidationScore? Best { get; private set; }

    /// <summary>The latest validation, or <c>null</c> before the first.</summary>
    internal ValidationScore? Latest { get; private set; }

    /// <summary>The lowest validation loss so far, which the kept weights' loss ties or equals.</summary>
    internal double? LowestLoss { get; private set; }

    /// <summary>Takes up where a checkpoint left off: its best validation and lowest loss (the caller reads the kept weights into the copy).</summary>
    internal void Resume(ValidationScore? best, double? lowestLoss)
    {
        Best = best;
        LowestLoss = lowestLoss ?? best?.Loss;
    }

    /// <summary>Records the validation of the live weights at <paramref name="step"/>, and keeps those weights when they tie or beat the best.</summary>
    internal ValidationScore Offer(int step, double loss, double accuracy, double standardError)
    {
        LowestLoss = Math.Min(LowestLoss ?? double.PositiveInfinity, loss);
        bool isBest = Best is null || loss <= LowestLoss + standardError;
        Latest = new ValidationScore(step, loss, accuracy, isBest) { LossStandardError = standardError };
        if (isBest)
        {
            Best = Latest;
            Copy(live, kept);
        }
        return Latest;
    }

    /// <summary>Puts the kept weights back into the live module, when any were validated.</summary>
    internal void Restore()
    {
        if (Best is not null)
            Copy(kept, live);
    }

    /// <summary>Copies every parameter and buffer of <paramref name="from"/> into <paramref name="to"/>, a module of the same shape.</summary>
    internal static void Copy(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        var target = to.state_dict();
        foreach (var (name, tensor) in from.state_dict())
            target[name].copy_(tensor);
    }
}
