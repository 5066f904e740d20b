using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The Attentive Recurrent Comparator as one TorchSharp module: two batches of images in, one similarity logit per
/// pair out. Plain ARC drops input pixels while training; ConvARC first runs both images through one shared trunk.
/// </summary>
/// <remarks>
/// <para>
/// This is the network <see cref="ArcComparator"/> runs, saves and trains; use it directly to put ARC inside a model
/// of your own, hook it, or train it with your own loop. It behaves like any TorchSharp module: call it with
/// <c>call</c>, move it with <c>to</c>, switch <c>train</c>/<c>eval</c> (input dropout is active in training mode
/// only), and read or load its weights with <c>state_dict</c>/<c>load_state_dict</c>. Its state-dict keys
/// (<c>controller.lstm.weight</c>, <c>head.score.bias</c>, ...) are those of ArcNet's model files, so
/// <c>comparator.Network.state_dict()</c> loads into a network built with the same <see cref="ArcOptions"/>.
/// </para>
/// <para>
/// Inputs are not checked here (the hot path stays lean): give float32 images (B, C, A, A) on the module's device,
/// preprocessed like the training data. <see cref="ArcComparator.Similarity"/> checks them for you.
/// </para>
/// </remarks>
public sealed class ArcNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ArcOptions _options;

    [ComponentName(Name = "trunk")]
    private readonly WideResNetTrunk? _trunk;

    [ComponentName(Name = "controller")]
    private readonly ArcController _controller;

    [ComponentName(Name = "head")]
    private readonly nn.Module<Tensor, Tensor> _head;

    /// <summary>Builds a freshly initialised network of the shape <paramref name="options"/> describe, on the CPU.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ArcNetwork(ArcOptions options) : base(nameof(ArcNetwork))
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        if (options.Architecture == ArcArchitecture.Conv)
            _trunk = new WideResNetTrunk(options.ImageChannels, options.TrunkDropout);
        _controller = new ArcController(options);
        _head = options.Head == SimilarityHeadKind.Mlp ? new MlpHead(options.HiddenSize) : new VerificationHead(options.HiddenSize);
        RegisterComponents();
    }

    /// <summary>The shape of the network.</summary>
    public ArcOptions Options => _options;

    /// <summary>Similarity logits (B) of the pairs (<paramref name="first"/>[i], <paramref name="second"/>[i]), each batch (B, C, A, A); sigmoid gives probabilities.</summary>
    public override Tensor forward(Tensor first, Tensor second) => _head.call(Represent(first, second));

    /// <summary>
    /// h_T (B, H), the controller's final hidden state: the representation of <paramref name="first"/> relative to
    /// <paramref name="second"/>, before the head. Full Context ARC reads these; so can a head of your own.
    /// </summary>
    public Tensor Represent(Tensor first, Tensor second) => Represent(first, second, record: null);

    /// <summary><see cref="Represent(Tensor, Tensor)"/>, appending every controller step to <paramref name="record"/> when given.</summary>
    internal Tensor Represent(Tensor first, Tensor second, List<ControllerStep>? record)
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

    /// <summary>What the controller looks at: the (dropped-out) pixels (B, C, A, A), or the trunk's feature maps (B, 64, A/2, A/2).</summary>
    private (Tensor First, Tensor Second) Attended(Tensor first, Tensor second)
    {
        if (_trunk is null)
            return (nn.functional.dropout(first, _options.InputDropout, training), nn.functional.dropout(second, _options.InputDropout, training));

        long batch = first.shape[0];
        var features = _trunk.call(cat(new[] { first, second }, 0));   // one trunk pass for both images: (2B, 64, A/2, A/2)
        return (features[..(int)batch], features[(int)batch..]);
    }
}
