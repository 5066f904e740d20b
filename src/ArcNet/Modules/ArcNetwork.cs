using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The Attentive Recurrent Comparator as one TorchSharp module: two batches of images in, one similarity logit per
/// pair out. A comparison is two stages: <see cref="Encode"/> turns each image into what the controller attends over
/// (the dropped-out pixels, or a trunk's feature maps, with the trunk's embedding when it has one), and <see cref="Compare"/>
/// runs the controller over a pair of encodings and scores its final state. One-shot classification encodes every
/// image once and compares all pairs of encodings.
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
    private readonly nn.Module? _trunk;

    [ComponentName(Name = "reduce")]
    private readonly Conv2d? _reduce;

    [ComponentName(Name = "controller")]
    private readonly ArcController? _controller;

    [ComponentName(Name = "head")]
    private readonly nn.Module<Tensor, Tensor>? _head;

    [ComponentName(Name = "mix")]
    private readonly SimilarityMix? _mix;

    /// <summary>Builds a freshly initialised network of the shape <paramref name="options"/> describe, on the CPU.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ArcNetwork(ArcOptions options) : base(nameof(ArcNetwork))
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validate();
        switch (options.Architecture)
        {
            case ArcArchitecture.Conv:
                _trunk = new WideResNetTrunk(options.ImageChannels, options.TrunkDropout);
                break;
            case ArcArchitecture.LightConv:
                _trunk = new LightConvTrunk(options.ImageChannels, options.TrunkChannels, options.AttendedBlocks);
                if (options.AttentionChannels > 0)
                    _reduce = nn.Conv2d(options.TrunkChannels, options.AttentionChannels, 1);
                if (options.MetricEvidence)
                    _mix = new SimilarityMix(options.ControllerShare);
                break;
            case ArcArchitecture.Prototypical:
                _trunk = new LightConvTrunk(options.ImageChannels, options.TrunkChannels, options.AttendedBlocks);
                _mix = new SimilarityMix(controllerShare: 0);
                break;
        }
        if (options.Architecture != ArcArchitecture.Prototypical)
        {
            _controller = new ArcController(options);
            _head = options.Head == SimilarityHeadKind.Mlp ? new MlpHead(options.HiddenSize) : new VerificationHead(options.HiddenSize);
        }
        RegisterComponents();
    }

    /// <summary>The shape of the network.</summary>
    public ArcOptions Options => _options;

    /// <summary>Whether the network compares with a controller; a prototypical network only measures embedding distances.</summary>
    internal bool HasController => _controller is not null;

    /// <summary>Similarity logits (B) of the pairs (<paramref name="first"/>[i], <paramref name="second"/>[i]), each batch (B, 1, A, A); sigmoid gives probabilities.</summary>
    public override Tensor forward(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        long batch = first.shape[0];
        // One encoder pass for both images: batch norm sees both, and the trunk's matmuls are twice as large.
        var both = Encode(cat(new[] { first, second }, 0));
        return Compare(both.Slice(0, batch), both.Slice(batch, 2 * batch)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// What the controller attends over for each image (B, 1, A, A): <see cref="Attended"/> of <see cref="Features"/>.
    /// </summary>
    internal Encoding Encode(Tensor images) => Attended(Features(images));

    /// <summary>
    /// The trunk's output for each image (B, 1, A, A): its maps, with the embedding when it has one; the pixels
    /// themselves for plain ARC. Frozen-trunk training caches these.
    /// </summary>
    internal Encoding Features(Tensor images) => _trunk switch
    {
        WideResNetTrunk wide => new Encoding(wide.call(images), null),                  // (B, 64, A/2, A/2)
        LightConvTrunk light => Light(light, images),                                    // (B, C, A/4, A/4), (B, D)
        _ => new Encoding(images, null),
    };

    /// <summary>Features as the controller reads them: reduced to the attention channels, then dropped out while training.</summary>
    internal Encoding Attended(Encoding features)
    {
        var maps = _reduce is null ? features.Maps : _reduce.call(features.Maps);
        return features with { Maps = nn.functional.dropout(maps, _options.InputDropout, training) };
    }

    /// <summary>The trunk whose parameters a frozen-trunk stage leaves alone (null for plain ARC).</summary>
    internal nn.Module? Trunk => _trunk;

    private static Encoding Light(LightConvTrunk light, Tensor images)
    {
        var (maps, embedding) = light.call(images);
        return new Encoding(maps, embedding);
    }

    /// <summary>
    /// Similarity logits (B) of pairs of encodings: the head's score of h_T, plus the metric evidence when used.
    /// When <paramref name="record"/> is given, every controller step is appended to it.
    /// </summary>
    internal Tensor Compare(Encoding first, Encoding second, List<ControllerStep>? record = null)
    {
        // No scope of its own: the recorded steps must reach the caller's.
        var controller = _controller is null ? null : ControllerLogits(first, second, record);
        if (_mix is null || first.Embedding is null)
            return controller!;
        return _mix.call(controller, SimilarityMix.Distance(first.Embedding, second.Embedding!));
    }

    /// <summary>What Full Context ARC reads of each pair: h_T followed by the similarity logit, (B, H + 1).</summary>
    internal Tensor Relations(Encoding first, Encoding second)
    {
        var representation = Run(first, second, record: null);                         // (B, H)
        var controller = _head!.call(representation);
        var logits = controller;
        if (_mix is not null && first.Embedding is not null)
        {
            var distance = SimilarityMix.Distance(first.Embedding, second.Embedding!);
            logits = _mix.call(controller, distance);
        }
        return cat(new[] { representation, logits.unsqueeze(1) }, 1);
    }

    /// <summary>The head's logits (B) of the controller's final state, without metric evidence.</summary>
    internal Tensor ControllerLogits(Encoding first, Encoding second, List<ControllerStep>? record = null) => _head!.call(Run(first, second, record));

    /// <summary>The mix of given controller logits (none for a prototypical network) and embedding distances (B).</summary>
    internal Tensor Mix(Tensor? controllerLogits, Tensor distances) => _mix!.call(controllerLogits, distances);

    /// <summary>
    /// h_T (B, H), the controller's final hidden state: the representation of <paramref name="first"/> relative to
    /// <paramref name="second"/>, before the head. Full Context ARC reads these; so can a head of your own.
    /// </summary>
    public Tensor Represent(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        long batch = first.shape[0];
        var both = Encode(cat(new[] { first, second }, 0));
        return Run(both.Slice(0, batch), both.Slice(batch, 2 * batch), record: null).MoveToOuterDisposeScope();
    }

    private Tensor Run(Encoding first, Encoding second, List<ControllerStep>? record)
    {
        if (_controller is null)
            throw new InvalidOperationException("A prototypical network has no controller to run: it compares embeddings only. Use an ARC architecture for representations, traces and Full Context ARC.");
        using var scope = NewDisposeScope();
        int recorded = record?.Count ?? 0;
        var representation = _controller.Run(first.Maps, second.Maps, record);
        // The steps recorded here landed in this scope; the caller asked for them, so they must outlive it.
        foreach (var step in record?.Skip(recorded) ?? [])
            step.MoveToOuterDisposeScope();
        return representation.MoveToOuterDisposeScope();
    }
}

/// <summary>One batch of images as the controller sees them: maps (B, C, S, S) and, with a light trunk, an embedding (B, D).</summary>
internal sealed record Encoding(Tensor Maps, Tensor? Embedding)
{
    /// <summary>Images <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    internal Encoding Slice(long start, long end) => new(Maps.narrow(0, start, end - start), Embedding?.narrow(0, start, end - start));

    /// <summary>The encodings of the images at <paramref name="indices"/> (int64), repeats allowed.</summary>
    internal Encoding Select(Tensor indices) => new(Maps.index_select(0, indices), Embedding?.index_select(0, indices));

    /// <summary>Moves both tensors to the enclosing dispose scope.</summary>
    internal Encoding MoveToOuterDisposeScope() => new(Maps.MoveToOuterDisposeScope(), Embedding?.MoveToOuterDisposeScope());
}
