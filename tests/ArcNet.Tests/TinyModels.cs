namespace ArcNet.Tests;

/// <summary>The trunk-based architectures at the smallest sizes that still exercise every part: fast enough for any test.</summary>
public static class TinyModels
{
    /// <summary>ConvARC-lite with metric evidence: an 8-channel trunk reduced to 4 for one glimpse per image, 8 hidden units.</summary>
    public static readonly ArcOptions Lite = ArcOptions.LightConvArc with { TrunkChannels = 8, AttentionChannels = 4, HiddenSize = 8, GlimpsesPerImage = 1 };

    /// <summary>The prototypical baseline on an 8-channel trunk.</summary>
    public static readonly ArcOptions Prototypical = ArcOptions.Prototypical with { TrunkChannels = 8 };
}
