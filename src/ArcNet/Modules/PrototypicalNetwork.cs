using ArcNet.Training;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ArcNet.Modules;

/// <summary>
/// The prototypical network (Snell et al., 2017): ConvARC-lite's trunk embeds each image, and the similarity is the
/// calibrated distance of two embeddings (<see cref="SimilarityMix"/> with no controller), so one-shot classification picks
/// the nearest support image. Trained on grouped episodes (<see cref="PrototypicalObjective"/>).
/// </summary>
internal sealed class PrototypicalNetwork : ComparatorNetwork
{
    private readonly PrototypicalOptions _options;

    [ComponentName(Name = "trunk")] private readonly LightConvTrunk _trunk;
    [ComponentName(Name = "mix")] private readonly SimilarityMix _mix;

    internal PrototypicalNetwork(PrototypicalOptions options) : base(nameof(PrototypicalNetwork))
    {
        _options = (PrototypicalOptions)options.Validate();
        // Only the embedding is read: the maps the trunk gives after its last block are not used.
        _trunk = new LightConvTrunk(options.ImageChannels, options.TrunkChannels, attendedBlocks: LightConvTrunk.Blocks);
        _mix = new SimilarityMix(controllerShare: 0);
        RegisterComponents();
    }

    public override PrototypicalOptions Options => _options;

    /// <summary>The embedding (B, D).</summary>
    internal override Encoding Encode(Tensor images) => new(_trunk.call(images).Embedding);

    internal override Tensor Score(Encoding first, Encoding second) => Calibrated(Distance(first, second));

    /// <summary>The similarity logits (B) of embedding distances.</summary>
    internal Tensor Calibrated(Tensor distances) => _mix.Calibrated(distances);

    /// <summary>The embedding of each image of an encoding (B, D).</summary>
    internal static Tensor Embedding(Encoding encoding) => encoding[0];

    /// <summary>Mean squared difference (B) of the pairs' embeddings.</summary>
    internal static Tensor Distance(Encoding first, Encoding second) => SimilarityMix.Distance(Embedding(first), Embedding(second));

    internal override ITrainingObjective Objective(ObjectiveSetup setup) => new PrototypicalObjective(this, setup);
}
