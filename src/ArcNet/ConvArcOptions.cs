using ArcNet.Modules;

namespace ArcNet;

/// <summary>
/// The paper's ConvARC: a small pre-activation Wide ResNet (<see cref="WideResNetTrunk"/>) turns each image into 64
/// feature maps at half resolution, and the controller glimpses those. The defaults are the paper's: 256 hidden units,
/// 8 glimpses of 4 x 4 per image, dropout 0.3 inside the trunk's blocks and none on what the controller reads.
/// </summary>
public sealed record ConvArcOptions : ArcOptions
{
    /// <summary>The model kind as model files name it.</summary>
    internal const string Kind = "conv-arc";

    /// <summary>The paper's ConvARC.</summary>
    public ConvArcOptions()
    {
        HiddenSize = 256;
        InputDropout = 0;
    }

    /// <summary>Dropout inside the trunk's residual blocks while training. Default 0.3.</summary>
    public double TrunkDropout { get; init; } = 0.3;

    internal override int AttendedSize => ImageSize / 2;

    internal override int AttendedChannels => WideResNetTrunk.OutputChannels;

    /// <summary>"ConvARC (hidden 256, 8 glimpses of 4x4 per image)".</summary>
    public override string ToString() => $"ConvARC ({Glimpses})";

    private protected override void ValidateAttended()
    {
        Require(ImageSize % 2 == 0, nameof(ImageSize), $"must be even for ConvARC, whose trunk halves the resolution; got {ImageSize}");
        Require(TrunkDropout is >= 0 and < 1, nameof(TrunkDropout), $"must be in [0, 1); got {TrunkDropout}");
    }

    internal override ComparatorNetwork CreateNetwork() => new ConvArc(this);
}
