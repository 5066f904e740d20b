using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC-lite's similarity with metric evidence: a learned mix of two experts' logits,
/// <c>w * controller + s * (t - d)</c>, where <c>controller</c> is the head's logit of h_T and <c>d</c> the mean
/// squared difference of the two images' trunk embeddings. (B), (B) -> (B).
/// </summary>
/// <remarks>
/// The mean rather than the sum keeps <c>d</c> near 1 at initialisation whatever the embedding's length, so the
/// three scalars start where Adam can move them in a few hundred steps.
/// </remarks>
internal sealed class SimilarityMix : nn.Module<Tensor, Tensor, Tensor>
{
    internal const double InitialControllerWeight = 0.5;
    internal const double InitialScale = 4.0;
    internal const double InitialThreshold = 1.0;

    [ComponentName(Name = "controller_weight")] private readonly Parameter _controllerWeight;
    [ComponentName(Name = "log_scale")] private readonly Parameter _logScale;
    [ComponentName(Name = "threshold")] private readonly Parameter _threshold;

    internal SimilarityMix() : base(nameof(SimilarityMix))
    {
        _controllerWeight = new Parameter(tensor(InitialControllerWeight, float32));
        _logScale = new Parameter(tensor(Math.Log(InitialScale), float32));
        _threshold = new Parameter(tensor(InitialThreshold, float32));
        RegisterComponents();
    }

    /// <summary>The mixed logits of the controller's logits and the embeddings' mean squared distances.</summary>
    public override Tensor forward(Tensor controller, Tensor distance) =>
        _controllerWeight * controller + _logScale.exp() * (_threshold - distance);

    /// <summary>Mean squared difference of two batches of embeddings (B, D) -> (B).</summary>
    internal static Tensor Distance(Tensor first, Tensor second) => (first - second).square().mean(new long[] { -1 });
}
