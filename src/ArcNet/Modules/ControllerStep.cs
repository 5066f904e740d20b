using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>One recorded step of the controller; tensors are (B, ...) and owned by the caller's dispose scope.</summary>
/// <param name="Image">0 when the step read the first image, 1 the second.</param>
/// <param name="Parameters">Glimpse parameters (y^, x^, d^) used at this step, (B, 3).</param>
/// <param name="Glimpse">What the window saw, (B, C, N, N).</param>
/// <param name="Hidden">Hidden state after the step, (B, H).</param>
internal sealed record ControllerStep(int Image, Tensor Parameters, Tensor Glimpse, Tensor Hidden)
{
    /// <summary>Hands the step's tensors to the dispose scope outside the current one, so they outlive it.</summary>
    internal void MoveToOuterDisposeScope()
    {
        Parameters.MoveToOuterDisposeScope();
        Glimpse.MoveToOuterDisposeScope();
        Hidden.MoveToOuterDisposeScope();
    }
}
