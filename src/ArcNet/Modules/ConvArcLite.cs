using ArcNet.Training;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// ConvARC-lite: a four-block convolutional trunk encodes each image into maps (after <see cref="ConvArcLiteOptions.AttendedBlocks"/>
/// blocks) and a flat embedding (after all four); a 1 x 1 convolution reduces the maps to the channels the controller
/// glimpses; the similarity mixes the head's score of the controller's final state with the embeddings' distance
/// (<see cref="SimilarityMix"/>). Trained on grouped episodes (<see cref="ConvArcLiteObjective"/>).
/// </summary>
internal sealed class ConvArcLite : ArcNetwork
{
    private readonly ConvArcLiteOptions _options;

    [ComponentName(Name = "trunk")] private readonly LightConvTrunk _trunk;
    [ComponentName(Name = "reduce")] private readonly nn.Module<Tensor, Tensor> _reduce;
    [ComponentName(Name = "controller")] private readonly ArcController _controller;
    [ComponentName(Name = "head")] private readonly VerificationHead _head;
    [ComponentName(Name = "mix")] private readonly SimilarityMix _mix;

    internal ConvArcLite(ConvArcLiteOptions options) : base(nameof(ConvArcLite))
    {
        _options = (ConvArcLiteOptions)options.Validate();
        _trunk = new LightConvTrunk(options.ImageChannels, options.TrunkChannels, options.AttendedBlocks);
        _reduce = options.AttentionChannels > 0 ? nn.Conv2d(options.TrunkChannels, options.AttentionChannels, 1) : nn.Identity();
        _controller = new ArcController(options, options.AttendedChannels);
        _head = new VerificationHead(options.HiddenSize);
        _mix = new SimilarityMix(options.ControllerShare);
        RegisterComponents();
    }

    public override ConvArcLiteOptions Options => _options;

    private protected override ArcController ControllerModule => _controller;

    /// <summary>The attended maps (B, C', S, S), then the embedding (B, D).</summary>
    internal override Encoding Encode(Tensor images)
    {
        var (maps, embedding) = _trunk.call(images);                                            // (B, C, S, S), (B, D)
        return new Encoding(Attended(_reduce.call(maps)), embedding);
    }

    private protected override Tensor Logits(Tensor representation, Encoding first, Encoding second) =>
        _mix.call(_head.call(representation), Distance(first, second));

    /// <summary>The head's logits (B) of the controller's final state, without the embedding's evidence.</summary>
    internal Tensor ControllerLogits(Encoding first, Encoding second) => _head.call(Run(first, second, record: null));

    /// <summary>The mix (B) of given controller logits and embedding distances: the similarity logits.</summary>
    internal Tensor Mix(Tensor controllerLogits, Tensor distances) => _mix.call(controllerLogits, distances);

    /// <summary>The embedding of each image of an encoding (B, D).</summary>
    internal static Tensor Embedding(Encoding encoding) => encoding[1];

    /// <summary>Mean squared difference (B) of the pairs' embeddings.</summary>
    internal static Tensor Distance(Encoding first, Encoding second) => SimilarityMix.Distance(Embedding(first), Embedding(second));

    internal override ITrainingObjective Objective(ObjectiveSetup setup) => new ConvArcLiteObjective(this, setup);
}
