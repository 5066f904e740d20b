using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The whole comparator as one module: (first, second) images (B, 1, A, A) -> similarity logits (B).
/// Plain ARC drops input pixels while training; ConvARC first runs both images through one shared trunk.
/// </summary>
internal sealed class ArcNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ArcOptions _options;

    [ComponentName(Name = "trunk")]
    private readonly WideResNetTrunk? _trunk;

    [ComponentName(Name = "controller")]
    private readonly ArcController _controller;

    [ComponentName(Name = "head")]
    private readonly nn.Module<Tensor, Tensor> _head;

    internal ArcNetwork(ArcOptions options) : base(nameof(ArcNetwork))
    {
        _options = options;
        if (options.Architecture == ArcArchitecture.Conv)
            _trunk = new WideResNetTrunk(options.TrunkDropout);
        _controller = new ArcController(options);
        _head = options.Head == SimilarityHeadKind.Mlp ? new MlpHead(options.HiddenSize) : new VerificationHead(options.HiddenSize);
        RegisterComponents();
    }

    internal ArcOptions Options => _options;

    public override Tensor forward(Tensor first, Tensor second) => _head.call(Represent(first, second));

    /// <summary>h_T (B, H): the representation of <paramref name="first"/> relative to <paramref name="second"/>.</summary>
    internal Tensor Represent(Tensor first, Tensor second, List<ControllerStep>? record = null)
    {
        using var scope = NewDisposeScope();
        int recorded = record?.Count ?? 0;
        var (a, b) = Attended(first, second);
        var representation = _controller.Run(a, b, record);
        // The steps recorded here landed in this scope; the caller asked for them, so they must outlive it.
        foreach (var step in record?.Skip(recorded) ?? [])
            step.MoveToOuterDisposeScope();
        return representation.MoveToOuterDisposeScope();
    }

    /// <summary>Similarity logits from precomputed h_T.</summary>
    internal Tensor Score(Tensor representation) => _head.call(representation);

    /// <summary>What the controller looks at: the (dropped-out) pixels, or the trunk's feature maps (B, 64, A/2, A/2).</summary>
    internal (Tensor First, Tensor Second) Attended(Tensor first, Tensor second)
    {
        if (_trunk is null)
            return (nn.functional.dropout(first, _options.InputDropout, training), nn.functional.dropout(second, _options.InputDropout, training));

        long batch = first.shape[0];
        var features = _trunk.call(cat(new[] { first, second }, 0));   // one trunk pass for both images: (2B, 64, A/2, A/2)
        return (features[..(int)batch], features[(int)batch..]);
    }
}
