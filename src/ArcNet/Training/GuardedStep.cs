using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// The optimizer step both trainers take: clip the gradients, and refuse them when they are not finite. A finite loss
/// does not rule that out (LibTorch 2.10's CPU convolution backward returns NaN at times for narrow layers), and one
/// step on NaN or infinite gradients turns every weight it reaches into NaN, Adam's moments with them.
/// </summary>
internal static class GuardedStep
{
    /// <summary>What a trainer whose model has convolutions adds when <see cref="TryTake"/> refuses a step.</summary>
    internal const string NarrowConvolutionHint =
        "Convolutions of fewer than 16 channels get NaN gradients from LibTorch 2.10's CPU backend at times; widen them.";

    /// <summary>
    /// Rescales the gradients of <paramref name="parameters"/> to an L2 norm of at most <paramref name="clipNorm"/>
    /// (<c>null</c>: no clipping) and steps <paramref name="optimizer"/> at <paramref name="learningRate"/>. Returns
    /// <c>false</c> without touching a weight or the optimizer's state when the gradients are not all finite.
    /// </summary>
    internal static bool TryTake(OptimizerHelper optimizer, IEnumerable<Parameter> parameters, double learningRate, double? clipNorm)
    {
        double norm = nn.utils.clip_grad_norm_(parameters, clipNorm ?? double.PositiveInfinity);
        if (!double.IsFinite(norm))
            return false;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
        optimizer.step();
        return true;
    }
}
