using ArcNet.Modules;

namespace ArcNet;

/// <summary>
/// ConvARC-lite, the sample's default for CPUs: a four-block convolutional trunk (<see cref="LightConvTrunk"/>) shared by
/// both images; the controller glimpses its maps after <see cref="AttendedBlocks"/> blocks, reduced to
/// <see cref="AttentionChannels"/> channels; the similarity mixes the controller's logit with the evidence of the
/// trunk's embedding (<see cref="SimilarityMix"/>). The defaults are what the sample's default recipe trains: a
/// 64-channel trunk, 8 glimpses of 4 x 4 per image over 8 x 8 maps of 16 channels, 128 hidden units, no input dropout,
/// a controller share of 0.45.
/// </summary>
public sealed record ConvArcLiteOptions : ArcOptions
{
    /// <summary>The model kind as model files name it.</summary>
    internal const string Kind = "conv-arc-lite";

    /// <summary>ConvARC-lite as the sample's default recipe trains it.</summary>
    public ConvArcLiteOptions()
    {
        HiddenSize = 128;
        InputDropout = 0;
    }

    /// <summary>Channels of every block of the trunk. Default 64 (Conv-4's). Below 16, LibTorch 2.10's CPU convolution backward at times returns NaN gradients, which stops training.</summary>
    public int TrunkChannels { get; init; } = 64;

    /// <summary>Trunk blocks before the maps the controller attends over: 1 gives A/2 x A/2 maps (finer, shallower), 2 gives A/4 x A/4, 3 gives A/8 x A/8. Default 2.</summary>
    public int AttendedBlocks { get; init; } = 2;

    /// <summary>
    /// Channels the controller reads after a 1 x 1 convolution of the trunk's maps; a glimpse then holds this many
    /// times N x N numbers. 0 reads the trunk's channels unreduced. Default 16.
    /// </summary>
    public int AttentionChannels { get; init; } = 16;

    /// <summary>
    /// The controller's share of the similarity, each expert's logits standardised by their spread over training pairs;
    /// the embedding's evidence has the rest. 1 is the controller alone. Default 0.45.
    /// </summary>
    public double ControllerShare { get; init; } = 0.45;

    internal override int AttendedSize => LightConvTrunk.MapSize(ImageSize, AttendedBlocks);

    internal override int AttendedChannels => AttentionChannels > 0 ? AttentionChannels : TrunkChannels;

    /// <summary>"ConvARC-lite (hidden 128, 8 glimpses of 4x4 per image over 8x8 maps, controller share 0.45)".</summary>
    public override string ToString() => $"ConvARC-lite ({Glimpses} over {AttendedSize}x{AttendedSize} maps, controller share {ControllerShare:0.##})";

    private protected override void ValidateAttended()
    {
        Require(ImageSize >= 16, nameof(ImageSize), $"must be at least 16 for ConvARC-lite, whose trunk pools four times; got {ImageSize}");
        Require(TrunkChannels is >= 1 and <= 1024, nameof(TrunkChannels), $"must be between 1 and 1024; got {TrunkChannels}");
        Require(AttendedBlocks is >= 1 and <= 3, nameof(AttendedBlocks), $"must be 1, 2 or 3; got {AttendedBlocks}");
        Require(AttentionChannels is >= 0 and <= 1024, nameof(AttentionChannels), $"must be between 0 (no reduction) and 1024; got {AttentionChannels}");
        Require(ControllerShare is >= 0 and <= 1, nameof(ControllerShare), $"must be in [0, 1]; got {ControllerShare}");
    }

    internal override ComparatorNetwork CreateNetwork() => new ConvArcLite(this);
}
