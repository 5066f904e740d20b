using ArcNet.Modules;

namespace ArcNet;

/// <summary>
/// The paper's plain ARC: the controller glimpses the pixels themselves. The defaults are the paper's model for
/// Omniglot: 32 x 32 gray images, 8 glimpses of 4 x 4 per image, 512 hidden units, input dropout 0.2.
/// </summary>
public sealed record PlainArcOptions : ArcOptions
{
    /// <summary>The model kind as model files name it.</summary>
    internal const string Kind = "plain-arc";

    internal override int AttendedSize => ImageSize;

    internal override int AttendedChannels => ImageChannels;

    /// <summary>"ARC (hidden 512, 8 glimpses of 4x4 per image)".</summary>
    public override string ToString() => $"ARC ({Glimpses})";

    private protected override void ValidateAttended()
    {
    }

    internal override ComparatorNetwork CreateNetwork() => new PlainArc(this);
}
