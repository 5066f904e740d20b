using System.Text.Json.Serialization;
using ArcNet.Guards;
using ArcNet.Modules;

namespace ArcNet;

/// <summary>
/// Which comparison model, and its shape: one record per model, <see cref="PlainArcOptions"/> (the paper's plain ARC),
/// <see cref="ConvArcOptions"/> (the paper's ConvARC), <see cref="ConvArcLiteOptions"/> (the sample's default for CPUs)
/// and <see cref="PrototypicalOptions"/> (the metric-learning baseline). Each one's defaults are that model as the paper,
/// or the sample's recipe, builds it; settings that belong to another model cannot be given. Immutable.
/// </summary>
/// <example>
/// <code>
/// using var plain = new ArcComparator(new PlainArcOptions());                                  // the paper's plain ARC
/// using var lite = new ArcComparator(new ConvArcLiteOptions { HiddenSize = 64 });
/// </code>
/// </example>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "Model")]
[JsonDerivedType(typeof(PlainArcOptions), PlainArcOptions.Kind)]
[JsonDerivedType(typeof(ConvArcOptions), ConvArcOptions.Kind)]
[JsonDerivedType(typeof(ConvArcLiteOptions), ConvArcLiteOptions.Kind)]
[JsonDerivedType(typeof(PrototypicalOptions), PrototypicalOptions.Kind)]
public abstract record ComparatorOptions
{
    // Only ArcNet's models: a configuration is only as good as the network it builds.
    private protected ComparatorOptions()
    {
    }

    /// <summary>Side A of the square input images, in pixels. Default 32 (Omniglot's in the paper).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Channels C of the input images: 1 for gray, 3 for RGB colour. Default 1.</summary>
    public int ImageChannels { get; init; } = 1;

    /// <summary>Checks the whole configuration and throws an <see cref="ArgumentException"/> naming the first setting out of range; returns this otherwise.</summary>
    public ComparatorOptions Validate()
    {
        Require(ImageSize is >= 4 and <= 1024, nameof(ImageSize), $"must be between 4 and 1024 pixels; got {ImageSize}");
        Require(ImageChannels is 1 or 3, nameof(ImageChannels), $"must be 1 (gray) or 3 (RGB); got {ImageChannels}");
        ValidateModel();
        return this;
    }

    /// <summary>The model's own checks, after the image's.</summary>
    private protected abstract void ValidateModel();

    /// <summary>A freshly initialised network of this shape, on the CPU; the options are valid.</summary>
    internal abstract ComparatorNetwork CreateNetwork();

    /// <summary>What the model is, for people: "ConvARC-lite (hidden 128, 8 glimpses of 4x4 per image over 8x8 maps, controller share 0.45)".</summary>
    public abstract override string ToString();

    /// <summary>Throws an <see cref="ArgumentException"/> "Type.Property problem." unless <paramref name="condition"/> holds.</summary>
    private protected void Require(bool condition, string property, string problem) =>
        OptionCheck.Require(condition, GetType().Name, property, problem);
}
