using System.Text.Json.Serialization;

namespace ArcNet;

/// <summary>
/// What every ARC model's configuration holds: the shape of its recurrent controller and of the glimpses it takes. The
/// three ARC models (<see cref="PlainArcOptions"/>, <see cref="ConvArcOptions"/>, <see cref="ConvArcLiteOptions"/>) add
/// what they attend over, and each sets its own defaults for these settings. Immutable.
/// </summary>
/// <example>
/// <code>
/// var paper = new PlainArcOptions();                                   // 512 hidden units, 8 glimpses of 4 x 4
/// var smaller = new ConvArcLiteOptions { HiddenSize = 64, GlimpsesPerImage = 4 };
/// </code>
/// </example>
public abstract record ArcOptions : ComparatorOptions
{
    // Only ArcNet's ARC models.
    private protected ArcOptions()
    {
    }

    /// <summary>Hidden units H of the LSTM controller. Default: the model's (the paper's plain ARC: 512).</summary>
    public int HiddenSize { get; init; } = 512;

    /// <summary>Side N of the square glimpse, in samples. Default 4, the paper's for Omniglot.</summary>
    public int GlimpseSize { get; init; } = 4;

    /// <summary>Glimpses taken of each image; the controller runs twice this many steps. Default 8, the paper's.</summary>
    public int GlimpsesPerImage { get; init; } = 8;

    /// <summary>
    /// How the hidden state sets the window: <c>false</c> for the authors' bias-free linear map W_g h (initialised
    /// N(0, 0.01²), unbounded), <c>true</c> for the PyTorch port's tanh(W h + b), which keeps the window centre on what the
    /// model attends over. Default <c>false</c>.
    /// </summary>
    public bool BoundedWindow { get; init; }

    /// <summary>Probability of dropping each number the controller reads (pixels or feature maps) while training. Default: the model's (the paper's plain ARC: 0.2).</summary>
    public double InputDropout { get; init; } = 0.2;

    /// <summary>Steps the controller runs: one per glimpse, alternating between the two images.</summary>
    [JsonIgnore]
    public int Steps => 2 * GlimpsesPerImage;

    /// <summary>Side of what the controller attends over: the image, or a trunk's maps.</summary>
    internal abstract int AttendedSize { get; }

    /// <summary>Channels of what the controller attends over.</summary>
    internal abstract int AttendedChannels { get; }

    /// <summary>The model's checks of what it attends over, then the controller's, whose largest glimpse is what it attends over.</summary>
    private protected sealed override void ValidateModel()
    {
        ValidateAttended();
        Require(HiddenSize is >= 1 and <= 16384, nameof(HiddenSize), $"must be between 1 and 16384; got {HiddenSize}");
        Require(GlimpseSize >= 1 && GlimpseSize <= AttendedSize, nameof(GlimpseSize),
            $"must be between 1 and the side of what the model attends over ({AttendedSize}); got {GlimpseSize}");
        Require(GlimpsesPerImage is >= 1 and <= 256, nameof(GlimpsesPerImage), $"must be between 1 and 256; got {GlimpsesPerImage}");
        Require(InputDropout is >= 0 and < 1, nameof(InputDropout), $"must be in [0, 1); got {InputDropout}");
    }

    /// <summary>The checks of the model's own settings, before those of the controller.</summary>
    private protected abstract void ValidateAttended();

    /// <summary>"hidden 512, 8 glimpses of 4x4 per image" (", bounded window" with the tanh map): the controller, as descriptions of ARC models give it.</summary>
    private protected string Glimpses =>
        $"hidden {HiddenSize}, {GlimpsesPerImage} glimpses of {GlimpseSize}x{GlimpseSize} per image{(BoundedWindow ? ", bounded window" : "")}";
}
