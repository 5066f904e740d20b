using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC-lite's similarity: two experts' logits, each standardised by its spread over training pairs, mixed in a fixed
/// proportion, then calibrated: <c>a * (share * c / s_c + (1 - share) * (m_d - d) / s_d) + b</c>, where <c>c</c> is the
/// head's logit of h_T and <c>d</c> the mean squared difference of the two images' trunk embeddings. (B), (B) -> (B).
/// A prototypical network has no controller: its similarity is the calibrated distance alone (<see cref="Calibrated"/>).
/// </summary>
/// <remarks>
/// The proportion is fixed rather than learned because both experts fit the training characters far better than new
/// ones: weights fitted on training pairs trust whichever expert memorises more, which on held-out alphabets was the
/// worse choice. The spreads are running averages over training batches (like batch norm's statistics), so the share
/// means the same whatever scale each expert's logits drift to. Only the calibration <c>a</c>, <c>b</c> is learned; it
/// makes similarities probabilities and does not change which support ranks first. State-dict keys: <c>log_scale</c>,
/// <c>bias</c>, and the buffers <c>controller_spread</c>, <c>distance_mean</c>, <c>distance_spread</c>.
/// </remarks>
public sealed class SimilarityMix : nn.Module<Tensor, Tensor, Tensor>
{
    internal const double Momentum = 0.01;

    private readonly double _controllerShare;

    [ComponentName(Name = "log_scale")] private readonly Parameter _logScale;
    [ComponentName(Name = "bias")] private readonly Parameter _bias;
    [ComponentName(Name = "controller_spread")] private readonly Tensor _controllerSpread;
    [ComponentName(Name = "distance_mean")] private readonly Tensor _distanceMean;
    [ComponentName(Name = "distance_spread")] private readonly Tensor _distanceSpread;

    /// <summary>A mix that gives the controller <paramref name="controllerShare"/> of the similarity, 0 (embedding only) to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside [0, 1].</exception>
    public SimilarityMix(double controllerShare) : base(nameof(SimilarityMix))
    {
        if (controllerShare is not (>= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(controllerShare), controllerShare, "The controller's share must be in [0, 1].");
        _controllerShare = controllerShare;
        _logScale = new Parameter(tensor(Math.Log(2.0), float32));
        _bias = new Parameter(tensor(0f));
        _controllerSpread = ones(1);
        _distanceMean = ones(1);
        _distanceSpread = ones(1);
        RegisterComponents();
        OwnTensors.DetachFromDisposeScope(this);
    }

    /// <summary>The similarity logits (B) of the controller's logits (B) and the embeddings' mean squared distances (B); in training mode, the spreads follow them.</summary>
    public override Tensor forward(Tensor controller, Tensor distance)
    {
        if (training)
        {
            TrackController(controller);
            TrackDistance(distance);
        }
        var mixed = _controllerShare * controller / _controllerSpread + (1 - _controllerShare) * Evidence(distance);
        return _logScale.exp() * mixed + _bias;
    }

    /// <summary>The similarity logits (B) of distances alone, for a model without a controller; in training mode, the distance statistics follow them.</summary>
    public Tensor Calibrated(Tensor distance)
    {
        if (training)
            TrackDistance(distance);
        return _logScale.exp() * Evidence(distance) + _bias;
    }

    /// <summary>Mean squared difference of two batches of embeddings (B, D) -> (B).</summary>
    public static Tensor Distance(Tensor first, Tensor second) => (first - second).square().mean(new long[] { -1 });

    /// <summary>The embedding's evidence for "same": distances below the usual count for, standardised.</summary>
    private Tensor Evidence(Tensor distance) => (_distanceMean - distance) / _distanceSpread;

    /// <summary>Moves the distances' running mean and spread toward a training batch's (B); a batch of one has no spread.</summary>
    private void TrackDistance(Tensor distance)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (distance.numel() < 2)
            return;
        _distanceMean.lerp_(distance.mean().reshape(1), Momentum);
        _distanceSpread.lerp_(distance.std().clamp_min(1e-6).reshape(1), Momentum);
    }

    /// <summary>Moves the controller logits' running spread toward a training batch's (B).</summary>
    private void TrackController(Tensor controller)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        if (controller.numel() < 2)
            return;
        _controllerSpread.lerp_(controller.std().clamp_min(1e-6).reshape(1), Momentum);
    }
}
