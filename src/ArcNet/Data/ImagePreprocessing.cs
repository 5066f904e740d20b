using ArcNet.Guards;

namespace ArcNet.Data;

/// <summary>
/// How image files become model input: the side they are resized to, gray or colour, and whether ink is inverted.
/// A dataset is loaded with one and reports the one it used (<see cref="ImageDataset.Preprocessing"/>); a comparator
/// keeps the one it was trained with in its model file (<see cref="ArcComparator.Preprocessing"/>), so that images read
/// for it later are prepared the same way. Scaling to [0, 1] and subtracting the training data's mean pixel
/// (<see cref="ImageDataset.MeanPixel"/>, <see cref="ArcComparator.PixelMean"/>) follow.
/// </summary>
/// <example>
/// <code>
/// using var photos = ImageDataset.Load("products/", new ImagePreprocessing { ImageSize = 48, Channels = 3 });
/// using var sameWay = ImageDataset.Load("more-products/", photos.Preprocessing);
/// </code>
/// </example>
public sealed record ImagePreprocessing
{
    /// <summary>Side A the images are resized to, with an antialiased filter; other aspect ratios are stretched to a square. Default 32.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>1: gray (colour files by PIL's luma weights); 3: RGB. Default 1.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>
    /// Whether every value v becomes 255 - v, so that dark ink on light paper becomes bright ink on a zero background,
    /// the way ARC reads Omniglot. <c>null</c> (the default): decided when a dataset is loaded, by inverting when the
    /// mean brightness of the images' outermost pixels is above mid-gray. A loaded dataset and a comparator always say
    /// which.
    /// </summary>
    public bool? InvertInk { get; init; }

    /// <summary>Omniglot's: 32 x 32, gray, ink inverted. Model files written before these settings existed were trained this way.</summary>
    public static ImagePreprocessing Omniglot { get; } = new() { InvertInk = true };

    /// <summary>Checks every setting and throws an <see cref="ArgumentException"/> naming the first one out of range; returns this otherwise.</summary>
    public ImagePreprocessing Validate()
    {
        OptionCheck.Require(ImageSize >= 1 && ImageSize <= ImageDecoder.MaxSide, nameof(ImagePreprocessing), nameof(ImageSize),
            $"must be between 1 and {ImageDecoder.MaxSide}; got {ImageSize}");
        OptionCheck.Require(Channels is 1 or 3, nameof(ImagePreprocessing), nameof(Channels), $"must be 1 (gray) or 3 (RGB); got {Channels}");
        return this;
    }
}
