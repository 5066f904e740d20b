using System.Text.Json.Serialization;
using ArcNet.Guards;

namespace ArcNet;

/// <summary>
/// The shape of an Attentive Recurrent Comparator. Immutable; the defaults are the paper's plain ARC for
/// Omniglot (32 x 32 images, 4 x 4 glimpses, 8 glimpses per image, 512 hidden units).
/// </summary>
/// <example>
/// <code>
/// var plain = new ArcOptions();                               // the paper's plain ARC
/// var conv = ArcOptions.ConvArc;                              // the paper's ConvARC
/// var quick = new ArcOptions { HiddenSize = 128, GlimpsesPerImage = 4 };
/// </code>
/// </example>
public sealed record ArcOptions
{
    /// <summary>Side A of the square input images, in pixels. Default 32.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Channels C of the input images: 1 for gray, 3 for RGB colour. Default 1.</summary>
    public int ImageChannels { get; init; } = 1;

    /// <summary>Side N of the square glimpse, in samples. Default 4.</summary>
    public int GlimpseSize { get; init; } = 4;

    /// <summary>Glimpses taken of each image; the controller runs twice this many steps. Default 8.</summary>
    public int GlimpsesPerImage { get; init; } = 8;

    /// <summary>Hidden units H of the LSTM controller. Default 512 (the paper uses 256 for ConvARC).</summary>
    public int HiddenSize { get; init; } = 512;

    /// <summary>Which model: plain ARC on pixels, ConvARC over a Wide ResNet, ConvARC-lite over a light trunk, or the prototypical baseline (see <see cref="ArcArchitecture"/>). Default <see cref="ArcArchitecture.Plain"/>.</summary>
    public ArcArchitecture Architecture { get; init; } = ArcArchitecture.Plain;

    /// <summary>Map from hidden state to glimpse parameters. Default the authors' <see cref="GlimpseParameterMapping.Linear"/>.</summary>
    public GlimpseParameterMapping ParameterMapping { get; init; } = GlimpseParameterMapping.Linear;

    /// <summary>Similarity head. Default the paper's <see cref="SimilarityHeadKind.Verification"/>.</summary>
    public SimilarityHeadKind Head { get; init; } = SimilarityHeadKind.Verification;

    /// <summary>Probability of dropping an input pixel while training (plain ARC uses 0.2). Default 0.2.</summary>
    public double InputDropout { get; init; } = 0.2;

    /// <summary>Dropout inside the ConvARC trunk's residual blocks while training. Default 0.3.</summary>
    public double TrunkDropout { get; init; } = 0.3;

    /// <summary>Channels of every block of the <see cref="ArcArchitecture.LightConv"/> trunk. Default 64 (Conv-4's).</summary>
    public int TrunkChannels { get; init; } = 64;

    /// <summary>
    /// Blocks of the <see cref="ArcArchitecture.LightConv"/> trunk before the maps the controller attends over: 1 gives
    /// A/2 x A/2 maps (finer, shallower features), 2 gives A/4 x A/4. Default 2.
    /// </summary>
    public int AttendedBlocks { get; init; } = 2;

    /// <summary>
    /// Channels the <see cref="ArcArchitecture.LightConv"/> controller reads, after a 1 x 1 convolution of the trunk's
    /// maps; a glimpse then holds this many times N x N numbers. 0 reads the trunk's channels unreduced. Default 16.
    /// </summary>
    public int AttentionChannels { get; init; } = 16;

    /// <summary>
    /// For <see cref="ArcArchitecture.LightConv"/>: the similarity logit adds the evidence of the trunk's embedding
    /// (a learned affine function of the two images' mean squared embedding difference) to the controller's. The
    /// controller then learns what the embedding misses. Default false.
    /// </summary>
    public bool MetricEvidence { get; init; }

    /// <summary>
    /// With <see cref="MetricEvidence"/>: the controller's share of the similarity, each expert's logits standardised by
    /// their spread over training pairs; the embedding's evidence has the rest. Default 0.45.
    /// </summary>
    public double ControllerShare { get; init; } = 0.45;

    /// <summary>
    /// At inference, average the similarities of (first, second) and (second, first). ARC is not symmetric, so
    /// this usually helps a little, at twice the cost. Off by default; training always uses one order.
    /// </summary>
    public bool AverageBothOrders { get; init; }

    /// <summary>The paper's ConvARC: Wide ResNet features, 256 hidden units, no input dropout.</summary>
    public static ArcOptions ConvArc { get; } = new()
    {
        Architecture = ArcArchitecture.Conv,
        HiddenSize = 256,
        InputDropout = 0,
    };

    /// <summary>
    /// ConvARC-lite, the sample's default for CPUs: a light convolutional trunk, glimpses of 4 x 4 over its 16-channel
    /// reduced 8 x 8 maps, 4 glimpses per image, 128 hidden units, the embedding's metric evidence added to the
    /// controller's, no input dropout.
    /// </summary>
    public static ArcOptions LightConvArc { get; } = new()
    {
        Architecture = ArcArchitecture.LightConv,
        HiddenSize = 128,
        GlimpsesPerImage = 4,
        InputDropout = 0,
        MetricEvidence = true,
    };

    /// <summary>The prototypical-network baseline: the ConvARC-lite trunk with 64 channels, nearest neighbour by embedding distance.</summary>
    public static ArcOptions Prototypical { get; } = new()
    {
        Architecture = ArcArchitecture.Prototypical,
        InputDropout = 0,
    };

    /// <summary>Channels the controller's glimpses read: the image's for pixels, the trunk's (reduced) channels otherwise.</summary>
    [JsonIgnore]
    public int AttendedChannels => Architecture switch
    {
        ArcArchitecture.Conv => Modules.WideResNetTrunk.OutputChannels,
        ArcArchitecture.LightConv => AttentionChannels > 0 ? AttentionChannels : TrunkChannels,
        _ => ImageChannels,
    };

    /// <summary>Side of what the controller attends over: the image, or the trunk's feature maps.</summary>
    [JsonIgnore]
    public int AttendedSize => Architecture switch
    {
        ArcArchitecture.Conv => ImageSize / 2,
        ArcArchitecture.LightConv or ArcArchitecture.Prototypical => Modules.LightConvTrunk.MapSize(ImageSize, AttendedBlocks),
        _ => ImageSize,
    };

    /// <summary>Steps the controller runs: two per glimpse pair, alternating between the images.</summary>
    [JsonIgnore]
    public int Steps => 2 * GlimpsesPerImage;

    /// <summary>Checks every setting and throws an <see cref="ArgumentException"/> naming the first one out of range.</summary>
    public ArcOptions Validate()
    {
        Require(ImageSize >= 4 && ImageSize <= 1024, nameof(ImageSize), $"must be between 4 and 1024 pixels; got {ImageSize}");
        Require(ImageChannels is 1 or 3, nameof(ImageChannels), $"must be 1 (gray) or 3 (RGB); got {ImageChannels}");
        Require(Architecture != ArcArchitecture.Conv || ImageSize % 2 == 0, nameof(ImageSize),
            $"must be even for ConvARC, whose trunk halves the resolution; got {ImageSize}");
        Require(Architecture is not (ArcArchitecture.LightConv or ArcArchitecture.Prototypical) || ImageSize >= 16, nameof(ImageSize),
            $"must be at least 16 for ConvARC-lite, whose trunk pools four times; got {ImageSize}");
        // Before the glimpse size, whose range is the attended side these blocks give.
        Require(AttendedBlocks is >= 1 and <= 3, nameof(AttendedBlocks), $"must be 1, 2 or 3; got {AttendedBlocks}");
        Require(GlimpseSize >= 1 && GlimpseSize <= AttendedSize, nameof(GlimpseSize),
            $"must be between 1 and the attended side ({AttendedSize}); got {GlimpseSize}");
        Require(GlimpsesPerImage >= 1 && GlimpsesPerImage <= 256, nameof(GlimpsesPerImage), $"must be between 1 and 256; got {GlimpsesPerImage}");
        Require(HiddenSize >= 1 && HiddenSize <= 16384, nameof(HiddenSize), $"must be between 1 and 16384; got {HiddenSize}");
        Require(Enum.IsDefined(Architecture), nameof(Architecture), $"is not a known architecture: {Architecture}");
        Require(Enum.IsDefined(ParameterMapping), nameof(ParameterMapping), $"is not a known mapping: {ParameterMapping}");
        Require(Enum.IsDefined(Head), nameof(Head), $"is not a known head: {Head}");
        Require(InputDropout is >= 0 and < 1, nameof(InputDropout), $"must be in [0, 1); got {InputDropout}");
        Require(ControllerShare is >= 0 and <= 1, nameof(ControllerShare), $"must be in [0, 1]; got {ControllerShare}");
        Require(TrunkChannels >= 1 && TrunkChannels <= 1024, nameof(TrunkChannels), $"must be between 1 and 1024; got {TrunkChannels}");
        Require(AttentionChannels >= 0 && AttentionChannels <= 1024, nameof(AttentionChannels), $"must be between 0 (no reduction) and 1024; got {AttentionChannels}");
        Require(!MetricEvidence || Architecture == ArcArchitecture.LightConv, nameof(MetricEvidence),
            $"needs the embedding of the {nameof(ArcArchitecture.LightConv)} architecture; got {Architecture}");
        Require(TrunkDropout is >= 0 and < 1, nameof(TrunkDropout), $"must be in [0, 1); got {TrunkDropout}");
        return this;
    }

    private static void Require(bool condition, string property, string problem) =>
        OptionCheck.Require(condition, nameof(ArcOptions), property, problem);
}

/// <summary>What the recurrent controller attends over.</summary>
public enum ArcArchitecture
{
    /// <summary>Plain ARC: glimpses of the raw pixels.</summary>
    Plain,

    /// <summary>ConvARC: glimpses of the feature maps of a small pre-activation Wide ResNet shared by both images.</summary>
    Conv,

    /// <summary>
    /// ConvARC-lite: glimpses of the quarter-resolution maps of a four-block convolutional trunk (conv, batch norm,
    /// ReLU, max-pool), reduced to <see cref="ArcOptions.AttentionChannels"/> by a 1 x 1 convolution. The trunk's
    /// last blocks give an embedding whose distance the head can add as evidence (<see cref="ArcOptions.MetricEvidence"/>).
    /// </summary>
    LightConv,

    /// <summary>
    /// No controller: the <see cref="LightConv"/> trunk's embedding alone, a prototypical network (Snell et al., 2017) and
    /// the metric-learning baseline ARC is measured against. Similarity is a learned affine function of the embeddings'
    /// mean squared difference, so one-shot classification picks the nearest support image. Glimpse and controller
    /// settings are ignored.
    /// </summary>
    Prototypical,
}

/// <summary>How the controller's hidden state becomes the glimpse parameters (y^, x^, d^).</summary>
public enum GlimpseParameterMapping
{
    /// <summary>The authors' form: a bias-free linear map W_g h, initialised N(0, 0.01²), no squashing.</summary>
    Linear,

    /// <summary>The PyTorch port's form: tanh(W h + b), which keeps the window centre inside the image.</summary>
    Tanh,
}

/// <summary>How the final hidden state h_T becomes a similarity logit.</summary>
public enum SimilarityHeadKind
{
    /// <summary>The paper's verification head: one linear unit on h_T (sigmoid gives the probability).</summary>
    Verification,

    /// <summary>The PyTorch port's head: Linear(H, 64), ELU, Linear(64, 1).</summary>
    Mlp,
}
