using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// What the trunk's embedding says about a pair, as a logit the head adds to the controller's:
/// scale * (threshold - mean squared difference of the two embeddings). (B, D), (B, D) -> (B).
/// </summary>
/// <remarks>
/// The mean rather than the sum keeps the distance near 1 at initialisation whatever the embedding's length, so
/// the two learned scalars start where Adam can move them in a few hundred steps.
/// </remarks>
internal sealed class MetricEvidence : nn.Module<Tensor, Tensor, Tensor>
{
    internal const double InitialScale = 4.0;
    internal const double InitialThreshold = 1.0;

    [ComponentName(Name = "log_scale")] private readonly Parameter _logScale;
    [ComponentName(Name = "threshold")] private readonly Parameter _threshold;

    internal MetricEvidence() : base(nameof(MetricEvidence))
    {
        _logScale = new Parameter(tensor(Math.Log(InitialScale), float32));
        _threshold = new Parameter(tensor(InitialThreshold, float32));
        RegisterComponents();
    }

    public override Tensor forward(Tensor first, Tensor second) =>
        _logScale.exp() * (_threshold - (first - second).square().mean(new long[] { -1 }));
}
