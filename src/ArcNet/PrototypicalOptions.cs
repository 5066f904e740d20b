using ArcNet.Modules;

namespace ArcNet;

/// <summary>
/// The prototypical network (Snell et al., 2017), the metric-learning baseline ARC is measured against: ConvARC-lite's
/// trunk (<see cref="LightConvTrunk"/>) embeds each image, and the similarity is a learned affine function of two
/// embeddings' mean squared difference, so one-shot classification picks the nearest support image. No controller.
/// </summary>
public sealed record PrototypicalOptions : ComparatorOptions
{
    /// <summary>The model kind as model files name it.</summary>
    internal const string Kind = "prototypical";

    /// <summary>Channels of every block of the trunk. Default 64 (Conv-4's). Below 16, LibTorch 2.10's CPU convolution backward at times returns NaN gradients, which stops training.</summary>
    public int TrunkChannels { get; init; } = 64;

    /// <summary>"prototypical network (64-channel trunk)".</summary>
    public override string ToString() => $"prototypical network ({TrunkChannels}-channel trunk)";

    private protected override void ValidateModel()
    {
        Require(ImageSize >= 16, nameof(ImageSize), $"must be at least 16 for the prototypical network, whose trunk pools four times; got {ImageSize}");
        Require(TrunkChannels is >= 1 and <= 1024, nameof(TrunkChannels), $"must be between 1 and 1024; got {TrunkChannels}");
    }

    internal override ComparatorNetwork CreateNetwork() => new PrototypicalNetwork(this);
}
