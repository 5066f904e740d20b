namespace ArcNet.Tests;

/// <summary>Every model at the smallest size that still exercises every part: fast enough for any test.</summary>
public static class TinyModels
{
    /// <summary>Plain ARC with 8 hidden units and one glimpse per image.</summary>
    public static readonly PlainArcOptions Plain = new() { HiddenSize = 8, GlimpsesPerImage = 1 };

    /// <summary>ConvARC (its Wide ResNet is fixed) with 8 hidden units and one glimpse per image.</summary>
    public static readonly ConvArcOptions Conv = new() { HiddenSize = 8, GlimpsesPerImage = 1 };

    /// <summary>ConvARC-lite: a 16-channel trunk (narrower hits a LibTorch CPU bug, see <see cref="ConvArcLiteOptions.TrunkChannels"/>) reduced to 4 for one glimpse per image, 8 hidden units.</summary>
    public static readonly ConvArcLiteOptions Lite = new() { TrunkChannels = 16, AttentionChannels = 4, HiddenSize = 8, GlimpsesPerImage = 1 };

    /// <summary>The prototypical baseline on a 16-channel trunk.</summary>
    public static readonly PrototypicalOptions Prototypical = new() { TrunkChannels = 16 };

    /// <summary>Each model kind by name, for theories over all of them.</summary>
    public static readonly IReadOnlyDictionary<string, ComparatorOptions> All = new Dictionary<string, ComparatorOptions>
    {
        ["plain ARC"] = Plain,
        ["ConvARC"] = Conv,
        ["ConvARC-lite"] = Lite,
        ["prototypical network"] = Prototypical,
    };
}
