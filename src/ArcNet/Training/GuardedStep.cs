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
    /// One training step from a loss of <paramref name="network"/>: refuses a loss that is not finite, backpropagates it
    /// (the gradients set to none first, PyTorch's default: a parameter no loss reached is left where it is, where Adam
    /// would move one with a zero gradient on its moments), then <see cref="TryTake"/>. Returns the loss.
    /// </summary>
    /// <param name="loss">The step's loss, a scalar.</param>
    /// <param name="network">The module trained: its gradients are reset, then clipped.</param>
    /// <param name="optimizer">The optimizer over its parameters.</param>
    /// <param name="learningRate">The rate of this step.</param>
    /// <param name="clipNorm">The largest L2 norm of the gradients; <c>null</c>: no clipping.</param>
    /// <param name="diverged">Makes the exception to throw from the cause (the loss, or its gradients, were not finite) and a hint.</param>
    /// <param name="gradientsHint">The hint when the gradients were refused: what the model's trainer knows of why.</param>
    internal static double Take(Tensor loss, nn.Module network, OptimizerHelper optimizer, double learningRate, double? clipNorm,
        Func<string, string?, InvalidOperationException> diverged, string? gradientsHint = null)
    {
        double value = loss.item<float>();
        if (!double.IsFinite(value))
            throw diverged($"the loss became {value}", null);
        network.zero_grad(set_to_none: true);
        loss.backward();
        if (!TryTake(optimizer, network.parameters(), learningRate, clipNorm))
            throw diverged($"the loss was finite ({value:g4}) but its gradients were not", gradientsHint);
        return value;
    }

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
